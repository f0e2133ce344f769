#!/usr/bin/python3
"""Writes cifar-10-batches-py/: a tiny CIFAR-10 in the layout torchvision downloads (and
pytorch/examples' main.py --dataset cifar10 leaves in its --dataroot), for Cifar10Tests.

The real batches are Python 2 cPickle (protocol 2) dicts: str keys, 'labels' a list of ints,
'data' a uint8 numpy array [N, 3072] (the red, green and blue 32x32 planes of each image). This
pickles the same way: protocol 2, with str and bytes written as Python 2 str (BINSTRING).
Image r (0-based over data_batch_1..5, then test_batch) is Cifar10Fixtures.Pixels(r): red plane
10 + r, green 100, blue 200, pixel 0 of each plane 0 and pixel 1023 255; label r % 10.

Run: /usr/bin/python3 make_cifar_python_fixture.py   (needs numpy)
"""
import os
import pickle
import struct

import numpy as np

PER_BATCH = 2


class Python2Pickler(pickle._Pickler):
    """Protocol 2 as Python 2 wrote it: text and bytes both as 8-bit strings."""
    dispatch = pickle._Pickler.dispatch.copy()

    def save_python2_str(self, obj):
        data = obj.encode('latin1') if isinstance(obj, str) else obj
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack('<i', len(data)) + data)
        self.memoize(obj)

    dispatch[str] = save_python2_str
    dispatch[bytes] = save_python2_str


def pixels(record):
    image = np.empty((3, 1024), dtype=np.uint8)
    for plane, value in enumerate((10 + record, 100, 200)):
        image[plane, :] = value
        image[plane, 0] = 0
        image[plane, 1023] = 255
    return image.reshape(3072)


def write(path, label, first):
    records = range(first, first + PER_BATCH)
    batch = {
        'batch_label': label,
        'labels': [r % 10 for r in records],
        'data': np.stack([pixels(r) for r in records]),
        'filenames': ['image_%05d.png' % r for r in records],
    }
    with open(path, 'wb') as f:
        Python2Pickler(f, protocol=2).dump(batch)


folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cifar-10-batches-py')
os.makedirs(folder, exist_ok=True)
for i in range(5):
    write(os.path.join(folder, 'data_batch_%d' % (i + 1)), 'training batch %d of 5' % (i + 1), i * PER_BATCH)
write(os.path.join(folder, 'test_batch'), 'testing batch 1 of 1', 5 * PER_BATCH)
with open(os.path.join(folder, 'batches.meta'), 'wb') as f:
    names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']
    Python2Pickler(f, protocol=2).dump({'num_cases_per_batch': PER_BATCH, 'label_names': names, 'num_vis': 3072})
