#!/usr/bin/python3
"""Parity fixtures for dcgan-sharp, produced by real PyTorch (Debian's python3-torch 1.13).

For each case the networks are built the way pytorch/examples/dcgan/main.py builds them (the
same layer pattern, generalised to the sizes dcgan-sharp supports), seeded, initialised with the
reference's weights_init, and trained for two iterations with the reference's loop. Everything
the C# side needs to check itself is saved as plain state_dicts of tensors (torch.save zip
format), so TorchSharp.PyBridge can read them:

  <case>/g_init.pth, d_init.pth      weights right after seeded construction + weights_init
  <case>/g_step1.pth, d_step1.pth    after one training iteration
  <case>/g_step2.pth, d_step2.pth    after a second iteration (exercises Adam's moments)
  <case>/tensors.pth                 inputs, outputs, losses and logged statistics

Run from this folder:  /usr/bin/python3 make_parity_fixtures.py
"""
import math
import os

import torch
import torch.nn as nn
import torch.optim as optim

CASES = [
    # name, image size, channels, nz, ngf, ndf, batch, seed
    ("reference64", 64, 3, 100, 8, 8, 6, 7),
    ("mnist28", 28, 1, 16, 8, 8, 5, 11),
    ("small16", 16, 1, 8, 4, 4, 4, 3),
]


def stem_size(image_size):
    return 7 if image_size == 28 else 4


def doublings(image_size):
    return round(math.log2(image_size / stem_size(image_size)))


def generator(image_size, nc, nz, ngf):
    n = doublings(image_size)
    channels = ngf * 2 ** (n - 1)
    layers = [nn.ConvTranspose2d(nz, channels, stem_size(image_size), 1, 0, bias=False),
              nn.BatchNorm2d(channels), nn.ReLU(True)]
    for _ in range(1, n):
        layers += [nn.ConvTranspose2d(channels, channels // 2, 4, 2, 1, bias=False),
                   nn.BatchNorm2d(channels // 2), nn.ReLU(True)]
        channels //= 2
    layers += [nn.ConvTranspose2d(channels, nc, 4, 2, 1, bias=False), nn.Tanh()]
    return Wrapped(nn.Sequential(*layers), flatten=False)


def discriminator(image_size, nc, ndf):
    n = doublings(image_size)
    channels = ndf
    layers = [nn.Conv2d(nc, channels, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True)]
    for _ in range(1, n):
        layers += [nn.Conv2d(channels, channels * 2, 4, 2, 1, bias=False),
                   nn.BatchNorm2d(channels * 2), nn.LeakyReLU(0.2, inplace=True)]
        channels *= 2
    layers += [nn.Conv2d(channels, 1, stem_size(image_size), 1, 0, bias=False), nn.Sigmoid()]
    return Wrapped(nn.Sequential(*layers), flatten=True)


class Wrapped(nn.Module):
    """Holds the layers as `main`, like the reference's Generator/Discriminator classes."""

    def __init__(self, main, flatten):
        super().__init__()
        self.main = main
        self.flatten = flatten

    def forward(self, x):
        out = self.main(x)
        return out.view(-1, 1).squeeze(1) if self.flatten else out


def weights_init(m):
    # The reference's initialisation: conv weights N(0, 0.02), BatchNorm N(1, 0.02) and 0.
    name = m.__class__.__name__
    if name.find('Conv') != -1:
        torch.nn.init.normal_(m.weight, 0.0, 0.02)
    elif name.find('BatchNorm') != -1:
        torch.nn.init.normal_(m.weight, 1.0, 0.02)
        torch.nn.init.zeros_(m.bias)


def iteration(netG, netD, optG, optD, real, noise, criterion):
    """One iteration of main.py's loop, returning what it prints and the intermediate tensors."""
    netD.zero_grad()
    label = torch.full((real.size(0),), 1.0, dtype=real.dtype)
    out_real = netD(real)
    errD_real = criterion(out_real, label)
    errD_real.backward()
    fake = netG(noise)
    label.fill_(0.0)
    out_fake = netD(fake.detach())
    errD_fake = criterion(out_fake, label)
    errD_fake.backward()
    errD = errD_real + errD_fake
    optD.step()
    netG.zero_grad()
    label.fill_(1.0)
    out_gen = netD(fake)
    errG = criterion(out_gen, label)
    errG.backward()
    optG.step()
    return {
        "fake": fake.detach().clone(),
        "d_real": out_real.detach().clone(),
        "d_fake": out_fake.detach().clone(),
        "d_gen": out_gen.detach().clone(),
        "loss_d_real": errD_real.detach().clone(),
        "loss_d_fake": errD_fake.detach().clone(),
        "loss_d": errD.detach().clone(),
        "loss_g": errG.detach().clone(),
        "d_x": out_real.mean().detach().clone(),
        "d_g_z1": out_fake.mean().detach().clone(),
        "d_g_z2": out_gen.mean().detach().clone(),
    }


def state(net):
    return {k: v.detach().clone() for k, v in net.state_dict().items()}


def make_case(name, size, nc, nz, ngf, ndf, batch, seed):
    os.makedirs(name, exist_ok=True)
    torch.manual_seed(seed)
    netG = generator(size, nc, nz, ngf)
    netG.apply(weights_init)
    netD = discriminator(size, nc, ndf)
    netD.apply(weights_init)
    torch.save(state(netG), f"{name}/g_init.pth")
    torch.save(state(netD), f"{name}/d_init.pth")

    # Inputs are drawn after initialisation, from the same seeded stream.
    tensors = {
        "real1": torch.rand(batch, nc, size, size) * 2 - 1,
        "noise1": torch.randn(batch, nz, 1, 1),
        "real2": torch.rand(batch, nc, size, size) * 2 - 1,
        "noise2": torch.randn(batch, nz, 1, 1),
    }
    # Forward outputs of the freshly initialised networks (train mode, batch statistics).
    with torch.no_grad():
        tensors["g_forward"] = netG(tensors["noise1"]).clone()
        tensors["d_forward"] = netD(tensors["real1"]).clone()
    # Put the BatchNorm running statistics back: the checks above must not count as training.
    netG.load_state_dict(torch.load(f"{name}/g_init.pth"))
    netD.load_state_dict(torch.load(f"{name}/d_init.pth"))

    criterion = nn.BCELoss()
    optD = optim.Adam(netD.parameters(), lr=0.0002, betas=(0.5, 0.999))
    optG = optim.Adam(netG.parameters(), lr=0.0002, betas=(0.5, 0.999))
    for step in (1, 2):
        out = iteration(netG, netD, optG, optD, tensors[f"real{step}"], tensors[f"noise{step}"], criterion)
        tensors.update({f"{k}{step}": v for k, v in out.items()})
        torch.save(state(netG), f"{name}/g_step{step}.pth")
        torch.save(state(netD), f"{name}/d_step{step}.pth")
    torch.save(tensors, f"{name}/tensors.pth")
    print(f"{name}: G {sum(p.numel() for p in netG.parameters())} params, "
          f"D {sum(p.numel() for p in netD.parameters())} params, "
          f"loss_d1 {tensors['loss_d1'].item():.6f} loss_g1 {tensors['loss_g1'].item():.6f}")


if __name__ == "__main__":
    print("torch", torch.__version__)
    torch.set_num_threads(1)
    for case in CASES:
        make_case(*case)
