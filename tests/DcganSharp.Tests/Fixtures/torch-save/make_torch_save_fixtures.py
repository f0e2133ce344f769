#!/usr/bin/python3
"""Writes the same small DCGAN generator (16x16x1, nz 8, ngf 4; pytorch/examples' layer layout)
in the ways PyTorch users save networks, for tests/DcganSharp.Tests/Interop/TorchSaveReaderTests.cs:

  state_dict.pth          torch.save(netG.state_dict()), the zip format (what pytorch/examples writes)
  legacy.pth              the same in the pre-1.6 format (_use_new_zipfile_serialization=False)
  whole_model.pth         torch.save(netG): the pickled module
  legacy_whole_model.pth  the pickled module in the pre-1.6 format
  channels_last.pth       the state_dict of a network moved to torch.channels_last
  shared_storage.pth      every tensor a view at its own offset into one flat storage
  checkpoint.pth          {'epoch', 'netG', 'netD', 'optimizerG'}: a training checkpoint
  unnamed_pair.pth        {'first': netG state_dict, 'second': netD state_dict}: ambiguous
  legacy_truncated.pth    legacy.pth cut short
  expected.pth            {'noise', 'images'}: the generator's eval-mode output for 4 codes

Run with Debian's python3-torch (1.13): /usr/bin/python3 make_torch_save_fixtures.py
"""
import os
import torch
import torch.nn as nn

nz, ngf, ndf, nc = 8, 4, 4, 1


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 2, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),  # 8 x 4 x 4
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(True),  # 4 x 8 x 8
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False), nn.Tanh())  # 1 x 16 x 16

    def forward(self, x):
        return self.main(x)


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),  # 4 x 8 x 8
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 2), nn.LeakyReLU(0.2, inplace=True),  # 8 x 4 x 4
            nn.Conv2d(ndf * 2, 1, 4, 1, 0, bias=False), nn.Sigmoid())

    def forward(self, x):
        return self.main(x).view(-1, 1).squeeze(1)


here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(3)
netG, netD = Generator(), Discriminator()
# Non-trivial BatchNorm statistics, as after training.
netG.train()
with torch.no_grad():
    for _ in range(3):
        netG(torch.randn(5, nz, 1, 1))
state = netG.state_dict()


def path(name):
    return os.path.join(here, name)


torch.save(state, path('state_dict.pth'))
torch.save(state, path('legacy.pth'), _use_new_zipfile_serialization=False)
torch.save(netG, path('whole_model.pth'))
torch.save(netG, path('legacy_whole_model.pth'), _use_new_zipfile_serialization=False)

channels_last = Generator()
channels_last.load_state_dict(state)
channels_last = channels_last.to(memory_format=torch.channels_last)
cl_state = channels_last.state_dict()
assert not cl_state['main.3.weight'].is_contiguous()
torch.save(cl_state, path('channels_last.pth'))

floats = [k for k, v in state.items() if v.is_floating_point()]
flat = torch.zeros(sum(state[k].numel() for k in floats) + 7)
shared, offset = {}, 7
for k, v in state.items():
    if v.is_floating_point():
        view = flat[offset:offset + v.numel()].view_as(v)
        view.copy_(v)
        shared[k] = view
        offset += v.numel()
    else:
        shared[k] = v
assert shared[floats[1]].storage_offset() > 0
torch.save(shared, path('shared_storage.pth'))

optimizerG = torch.optim.Adam(netG.parameters(), lr=0.0002, betas=(0.5, 0.999))
torch.save({'epoch': 3, 'netG': state, 'netD': netD.state_dict(), 'optimizerG': optimizerG.state_dict()}, path('checkpoint.pth'))
torch.save({'first': state, 'second': netD.state_dict()}, path('unnamed_pair.pth'))

netG.eval()
with torch.no_grad():
    noise = torch.randn(4, nz, 1, 1)
    torch.save({'noise': noise, 'images': netG(noise)}, path('expected.pth'))

with open(path('legacy.pth'), 'rb') as f:
    legacy = f.read()
with open(path('legacy_truncated.pth'), 'wb') as f:
    f.write(legacy[:len(legacy) - 100])
print('wrote', sorted(n for n in os.listdir(here) if n.endswith('.pth')))
