"""Lists torchvision's Inception3 state_dict (name and shape per line) for the layout test.

Run from this folder:  /usr/bin/python3 make_inception_keys.py   (writes inception_v3_keys.txt)
"""
import torchvision

model = torchvision.models.inception_v3(weights=None, aux_logits=True, init_weights=False)
with open("inception_v3_keys.txt", "w") as out:
    for name, tensor in model.state_dict().items():
        out.write(f"{name}\t{'x'.join(str(s) for s in tensor.shape)}\n")
