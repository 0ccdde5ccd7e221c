#!/usr/bin/python3
"""Writes the tiny encoders the tower tests load (a few KB each), with Debian's python3-torch:

    apt-get install -y python3-torch
    /usr/bin/python3 make_fixtures.py     # in this folder

image.pt / image.onnx  pictures (B, 3, H, W) -> (B, 8): conv, ReLU, global average pool, linear
image_4d.pt            pictures -> (B, 4, H/2, W/2): an image encoder whose output is not (B, d)
text.pt                (input_ids, attention_mask) (B, T) int64 -> token states (B, T, 8)
text.onnx              the same text encoder for ONNX Runtime (inputs input_ids, attention_mask)
tokenizer.json         a word-level tokenizer whose ids (< 64) fit text.pt's embedding table
The weights are seeded, so running the script again writes the same models.
"""
import json

import torch
from torch import nn

torch.manual_seed(0)
VOCAB = 64


class Image(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.out = nn.Linear(4, 8)

    def forward(self, x):
        return self.out(torch.relu(self.conv(x)).mean(dim=(2, 3)))


class Image4d(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, stride=2, padding=1)

    def forward(self, x):
        return self.conv(x)


class Text(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, 8)
        self.mix = nn.Linear(8, 8)

    def forward(self, input_ids, attention_mask):
        h = self.embedding(input_ids)
        return torch.tanh(self.mix(h)) * attention_mask.unsqueeze(-1).to(h.dtype)


image = Image().eval()
torch.jit.trace(image, torch.rand(2, 3, 16, 16)).save("image.pt")
torch.onnx.export(image, torch.rand(2, 3, 16, 16), "image.onnx", input_names=["pixel_values"],
                  output_names=["features"], dynamic_axes={"pixel_values": {0: "batch"}, "features": {0: "batch"}},
                  opset_version=13)
torch.jit.trace(Image4d().eval(), torch.rand(2, 3, 16, 16)).save("image_4d.pt")
text = Text().eval()
ids = torch.randint(0, VOCAB, (2, 5))
mask = torch.ones(2, 5, dtype=torch.int64)
torch.jit.script(text).save("text.pt")
torch.onnx.export(text, (ids, mask), "text.onnx", input_names=["input_ids", "attention_mask"],
                  output_names=["last_hidden_state"], opset_version=13,
                  dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                "attention_mask": {0: "batch", 1: "tokens"},
                                "last_hidden_state": {0: "batch", 1: "tokens"}})

words = ("a an the of and with red blue green yellow black white orange purple brown pink heart face"
         " cat dog smiling hand person man woman food animal flag sign symbol star sun moon tree flower"
         " fruit house car light water fire button arrow circle square").split()
vocab = {"[PAD]": 0, "[UNK]": 1}
for w in words[: VOCAB - 2]:
    vocab[w] = len(vocab)
tokenizer = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [
        {"id": 0, "content": "[PAD]", "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True},
        {"id": 1, "content": "[UNK]", "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True},
    ],
    "normalizer": {"type": "Lowercase"},
    "pre_tokenizer": {"type": "Whitespace"},
    "post_processor": None,
    "decoder": None,
    "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"},
}
with open("tokenizer.json", "w") as f:
    json.dump(tokenizer, f, indent=1)
    f.write("\n")
