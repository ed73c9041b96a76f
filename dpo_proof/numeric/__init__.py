"""Numeric checks on toy softmax policies: closed form vs torch autograd vs finite differences."""
