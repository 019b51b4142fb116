"""Regenerate the sample product photos in this folder from the Fashion-MNIST test set.

Each sample is one test image, enlarged to 112×112, inverted to dark-on-white and tinted, then
saved as an RGB PNG, so that a notebook has to undo all of that to feed it to the model.
Run from the repository root: python data/samples/make_samples.py
"""

from pathlib import Path

import numpy as np
from PIL import Image

from helpers.data import load_fashion_mnist

# (test-set index, file name, RGB tint); the indices were picked as clear examples of their class.
SAMPLES = [
    (0, "ankle_boot.png", (0.55, 0.35, 0.20)),
    (9, "sneaker.png", (0.20, 0.35, 0.70)),
    (18, "bag.png", (0.60, 0.20, 0.25)),
]


def main() -> None:
    images, labels = load_fashion_mnist("test")
    folder = Path(__file__).resolve().parent
    for index, name, tint in SAMPLES:
        darkness = images[index].astype(np.float32) / 255.0  # 1 where the garment is
        large = np.asarray(Image.fromarray((darkness * 255).astype(np.uint8)).resize((112, 112), Image.BICUBIC))
        darkness = large.astype(np.float32) / 255.0
        rgb = 1.0 - darkness[..., None] * (1.0 - np.asarray(tint, dtype=np.float32))
        Image.fromarray(np.round(rgb * 255).astype(np.uint8)).save(folder / name, optimize=True)
        print(f"{name}: test index {index}, label {labels[index]}")


if __name__ == "__main__":
    main()
