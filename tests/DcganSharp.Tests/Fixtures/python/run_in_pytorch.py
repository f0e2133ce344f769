#!/usr/bin/python3
"""Loads dcgan-sharp's .pth files into PyTorch networks built like pytorch/examples and runs them.

usage: run_in_pytorch.py generator|discriminator IMAGE_SIZE NC NZ NGF_OR_NDF WEIGHTS.pth INPUTS.pth OUTPUT.pth

INPUTS.pth holds {"input": tensor}; OUTPUT.pth receives {"output": net(input)} computed in eval mode.
load_state_dict is strict, so any key or shape mismatch fails the script.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "parity"))
from make_parity_fixtures import discriminator, generator  # noqa: E402


def main():
    kind, size, nc, nz, width, weights, inputs, output = sys.argv[1:]
    size, nc, nz, width = int(size), int(nc), int(nz), int(width)
    net = generator(size, nc, nz, width) if kind == "generator" else discriminator(size, nc, width)
    net.load_state_dict(torch.load(weights), strict=True)
    net.eval()
    with torch.no_grad():
        out = net(torch.load(inputs)["input"])
    torch.save({"output": out}, output)


if __name__ == "__main__":
    main()
