"""The sharpness-lab networks in PyTorch, reading TF.js-layout weights from a checkpoint.

Weights stay in TF.js layouts (dense [in, out], conv [kh, kw, cin, cout]) as leaf tensors, so
gradients and HVPs come out in the checkpoint's layout; the forward pass permutes conv kernels
to PyTorch's [cout, cin, kh, kw]. Activations are NCHW internally (inputs are converted once);
a flattened feature map is ordered h -> w -> c like the NHWC original. 'same' padding follows
TensorFlow: total max((out-1)s + k - n, 0), floor(total/2) before, the rest after.
"""
import json
import math

import numpy as np
import torch
import torch.nn.functional as F

VGG_A = [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M']
RESNET_STAGES = [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]


def load_checkpoint(folder):
    """(model spec, objective, [(name, float32 array)]) from a checkpoint folder."""
    manifest = json.loads((folder / 'checkpoint.json').read_text())
    p = manifest['params']
    flat = np.fromfile(folder / p['file'], dtype='<f4')
    assert flat.nbytes == p['byteLength'], 'params.bin has the wrong size'
    params = [(t['name'], flat[t['byteOffset'] // 4: t['byteOffset'] // 4 + t['size']].reshape(t['shape']))
              for t in p['tensors']]
    return manifest['model'], manifest['objective'], params


def act(name, x):
    if name == 'relu':
        return torch.relu(x)
    if name == 'tanh':
        return torch.tanh(x)
    if name == 'sigmoid':
        return torch.sigmoid(x)
    if name == 'softplus':
        return F.softplus(x)
    if name == 'elu':
        return F.elu(x)
    if name == 'gelu':
        return F.gelu(x)
    if name == 'linear':
        return x
    raise ValueError(f'unknown activation {name}')


def same_pad(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def conv(x, w, b, stride):
    """TF 'same' convolution of NCHW x with a [kh, kw, cin, cout] kernel."""
    (t, bo), (l, r) = same_pad(x.shape[2], w.shape[0], stride), same_pad(x.shape[3], w.shape[1], stride)
    if t or bo or l or r:
        x = F.pad(x, (l, r, t, bo))
    return F.conv2d(x, w.permute(3, 2, 0, 1), b, stride)


def width(base, mult):
    return max(1, round(base * mult))


def forward_fn(spec):
    """f(params, x) for a model spec; x is [n, 3072] for MLPs, NCHW for conv nets."""
    a = spec['activation']
    if spec['arch'] == 'mlp':
        def mlp(p, x):
            h = x
            layers = len(p) // 2
            for i in range(layers):
                h = h @ p[2 * i] + p[2 * i + 1]
                if i + 1 < layers:
                    h = act(a, h)
            return h
        return mlp
    if spec['arch'] == 'vgg11':
        def vgg(p, x):
            i = 0
            for layer in VGG_A:
                if layer == 'M':
                    x = F.max_pool2d(x, 2)
                    continue
                x = act(a, conv(x, p[i], p[i + 1], 1))
                i += 2
            flat = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
            return flat @ p[i] + p[i + 1]
        return vgg
    if spec['arch'] == 'resnet34':
        alpha = spec.get('residualScale', 1)
        blocks, cin, k = [], width(64, spec['widthMultiplier']), 1
        for base, count, stride in RESNET_STAGES:
            cout = width(base, spec['widthMultiplier'])
            for b in range(count):
                s = stride if b == 0 else 1
                proj = s != 1 or cin != cout
                blocks.append((s, k, proj))
                k += 3 if proj else 2
                cin = cout

        def resnet(p, x):
            h = act(a, conv(x, p[0], None, 1))
            for s, first, proj in blocks:
                branch = conv(act(a, conv(h, p[first], None, s)), p[first + 1], None, 1)
                short = conv(h, p[first + 2], None, s) if proj else h
                h = act(a, short + (branch if alpha == 1 else alpha * branch))
            return h.mean(dim=(2, 3)) @ p[-2] + p[-1]
        return resnet
    raise ValueError(f"unknown arch {spec['arch']}")


def to_input(x_flat, spec, n):
    """Our float32 inputs as the tensor the forward expects (NHWC -> NCHW for conv nets)."""
    x = torch.from_numpy(x_flat)
    if spec['arch'] == 'mlp':
        return x.reshape(n, -1)
    side = int(math.isqrt(x_flat.size // n // 3))
    return x.reshape(n, side, side, 3).permute(0, 3, 1, 2).contiguous()
