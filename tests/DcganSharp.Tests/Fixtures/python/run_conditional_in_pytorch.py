#!/usr/bin/python3
"""Loads a conditional dcgan-sharp .pth into pytorch/examples' network plus one nn.Embedding, as the
README says, and runs it.

usage: run_conditional_in_pytorch.py generator|discriminator IMAGE_SIZE NC NZ NGF_OR_NDF CLASSES WEIGHTS.pth INPUTS.pth OUTPUT.pth

INPUTS.pth holds {"input": tensor, "labels": int64 tensor}; OUTPUT.pth receives {"output": ...}:
the generator's images main(z * embed(y)), or the discriminator's probabilities
sigmoid(main[-2](h) + <embed(y), sum of h over positions>) with h = main[:-2](x). Eval mode;
load_state_dict is strict.
"""
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "parity"))
from make_parity_fixtures import discriminator, generator  # noqa: E402


def main():
    kind, size, nc, nz, width, classes, weights, inputs, output = sys.argv[1:]
    size, nc, nz, width, classes = int(size), int(nc), int(nz), int(width), int(classes)
    state = torch.load(weights)
    if kind == "generator":
        net = generator(size, nc, nz, width)
    else:
        net = discriminator(size, nc, width)
    net.embed = nn.Embedding(classes, state["embed.weight"].shape[1])
    net.load_state_dict(state, strict=True)
    net.eval()
    data = torch.load(inputs)
    x, y = data["input"], data["labels"]
    with torch.no_grad():
        if kind == "generator":
            out = net.main(x * net.embed(y).view(-1, nz, 1, 1))
        else:
            h = net.main[:-2](x)
            out = torch.sigmoid(net.main[-2](h).view(-1) + (h.sum([2, 3]) * net.embed(y)).sum(1))
    torch.save({"output": out}, output)


if __name__ == "__main__":
    main()
