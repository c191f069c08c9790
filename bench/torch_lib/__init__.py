"""PyTorch side of the sharpness-lab bench (see bench/torch_reference.py)."""
