#!/usr/bin/python3
"""Sampling fixtures for dcgan-sharp's generation commands, produced by real PyTorch (1.13).

Loads generators from the parity fixtures into networks built the way pytorch/examples builds them
(make_parity_fixtures.py's builders), generates from saved noise, and stores:

  <case>_samples.pth   noise, G(noise) in eval mode (BatchNorm running statistics) and in train
                       mode (batch statistics, what the reference does when it draws samples)
  latent_codes.pth     torch.manual_seed(S); torch.randn(64, nz, 1, 1) for a few (S, nz): the
                       codes `dcgan sample --seed S` must reproduce

Run from this folder:  OPENBLAS_CORETYPE=Cooperlake /usr/bin/python3 make_generation_fixtures.py
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "parity"))
from make_parity_fixtures import generator  # noqa: E402

CASES = [
    # name, weights, image size, channels, nz, ngf, images, noise seed
    ("reference64", "reference64/g_step2.pth", 64, 3, 100, 8, 4, 123),
    ("mnist28", "mnist28/g_step2.pth", 28, 1, 16, 8, 5, 321),
]

CODES = [(5, 16), (4294967301, 8)]  # a seed beyond 32 bits checks the whole seed is used


def make_case(name, weights, size, nc, nz, ngf, count, seed):
    net = generator(size, nc, nz, ngf)
    net.load_state_dict(torch.load(os.path.join(HERE, "..", "parity", weights)), strict=True)
    torch.manual_seed(seed)
    noise = torch.randn(count, nz, 1, 1)
    with torch.no_grad():
        net.eval()
        evaluated = net(noise).clone()
        net.train()  # after eval: a train-mode pass updates the running statistics
        trained = net(noise).clone()
    torch.save({"noise": noise, "eval": evaluated, "train": trained}, os.path.join(HERE, f"{name}_samples.pth"))
    print(f"{name}: {count} images, eval/train max difference {(evaluated - trained).abs().max().item():.4f}")


def make_codes():
    codes = {}
    for seed, nz in CODES:
        torch.manual_seed(seed)
        codes[f"seed{seed}_nz{nz}"] = torch.randn(64, nz, 1, 1)
    torch.save(codes, os.path.join(HERE, "latent_codes.pth"))


if __name__ == "__main__":
    print("torch", torch.__version__)
    torch.set_num_threads(1)
    for case in CASES:
        make_case(*case)
    make_codes()
