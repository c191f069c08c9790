"""F(w) = (1/n) sum_i loss_i + (wd/2)|w|^2 over chunks: value, gradient and exact HVP by double
backprop (torch.autograd.grad with create_graph, then the vector-Jacobian product with v)."""
import torch


def loss_sum(kind, out, y):
    if kind == 'mse':
        return 0.5 * ((out - y) ** 2).sum()
    return -(y * torch.log_softmax(out, dim=1)).sum()


class Objective:
    def __init__(self, forward, kind, wd, x, y, chunk):
        self.forward, self.kind, self.wd, self.x, self.y, self.chunk = forward, kind, wd, x, y, chunk
        self.n = x.shape[0]

    def _chunks(self):
        for s in range(0, self.n, self.chunk):
            yield s == 0, self.x[s:s + self.chunk], self.y[s:s + self.chunk]

    def _batch(self, p, first, xs, ys):
        f = loss_sum(self.kind, self.forward(p, xs), ys) / self.n
        if first and self.wd:
            f = f + self.wd / 2 * sum((q * q).sum() for q in p)
        return f

    def value(self, p):
        with torch.no_grad():
            return sum(float(self._batch(p, *c)) for c in self._chunks())

    def value_and_grad(self, p):
        total, grads = 0.0, [torch.zeros_like(q) for q in p]
        for c in self._chunks():
            f = self._batch(p, *c)
            for g, d in zip(grads, torch.autograd.grad(f, p)):
                g += d
            total += float(f)
        return total, grads

    def hvp(self, p, v):
        out = [torch.zeros_like(q) for q in p]
        for c in self._chunks():
            f = self._batch(p, *c)
            g = torch.autograd.grad(f, p, create_graph=True)
            hv = torch.autograd.grad(g, p, grad_outputs=v, allow_unused=True)
            for o, h in zip(out, hv):
                if h is not None:
                    o += h
        return out
