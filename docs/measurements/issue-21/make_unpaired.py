#!/usr/bin/env python3
"""Writes a generated image-text data set for the issue-21 scale measurement (nothing is committed):

    OUT/pairs.csv        PAIRS captioned pictures (paired/pNNNNNN.png), 80/10/10 train/val/test
    OUT/photos/dNNN/     PICTURES uncaptioned 32 x 32 PNGs, 1,000 per folder
    OUT/texts.txt        TEXTS captions without pictures, one per line

Usage: make_unpaired.py OUT [PICTURES=100000] [TEXTS=1000000] [PAIRS=2000]
Standard library only (PNGs written with zlib); seeded, so the files are the same on every run.
"""
import os
import random
import struct
import sys
import zlib

COLOURS = ["red", "green", "blue", "yellow", "black", "white", "orange", "purple", "pink", "grey"]
SHAPES = ["square", "disc", "triangle", "star", "ring", "cross", "bar", "dot"]
PLACES = ["on grass", "in the sky", "on a table", "under water", "in snow", "on sand", "at night", "indoors"]


def png(path, rng, size=32):
    """A picture: a background colour and a random rectangle of another, as an RGB PNG."""
    bg = bytes(rng.randrange(256) for _ in range(3))
    fg = bytes(rng.randrange(256) for _ in range(3))
    x0, y0 = rng.randrange(size // 2), rng.randrange(size // 2)
    x1, y1 = x0 + rng.randrange(4, size // 2), y0 + rng.randrange(4, size // 2)
    rows = b"".join(b"\0" + b"".join(fg if x0 <= x < x1 and y0 <= y < y1 else bg for x in range(size))
                    for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))


def caption(rng, i):
    return "a %s %s %s, number %d" % (rng.choice(COLOURS), rng.choice(SHAPES), rng.choice(PLACES), i)


def main():
    out = sys.argv[1]
    pictures = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    texts = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    pairs = int(sys.argv[4]) if len(sys.argv) > 4 else 2_000
    rng = random.Random(21)
    os.makedirs(os.path.join(out, "paired"), exist_ok=True)
    with open(os.path.join(out, "pairs.csv"), "w") as f:
        f.write("image,caption,split\n")
        for i in range(pairs):
            name = "paired/p%06d.png" % i
            png(os.path.join(out, name), rng)
            split = "train" if i % 10 < 8 else "val" if i % 10 == 8 else "test"
            f.write('%s,"%s",%s\n' % (name, caption(rng, i), split))
    for i in range(pictures):
        folder = os.path.join(out, "photos", "d%03d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(folder, exist_ok=True)
        png(os.path.join(folder, "u%06d.png" % i), rng)
    with open(os.path.join(out, "texts.txt"), "w") as f:
        for i in range(texts):
            f.write(caption(rng, pairs + i) + "\n")


if __name__ == "__main__":
    main()
