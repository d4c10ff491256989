"""The content hash: changes exactly when the headline or body text changes."""

from __future__ import annotations

import hashlib

from newscrawl.items import ArticleItem, Item


def content_hash(item: ArticleItem) -> str:
    digest = hashlib.sha256(item.headline.encode("utf-8"))
    for block in item.body:
        digest.update(b"\n" + block["kind"].encode() + b"\t" + block["text"].encode("utf-8"))
    return f"sha256:{digest.hexdigest()}"


class FingerprintPipeline:
    def process_item(self, item: Item) -> Item:
        if isinstance(item, ArticleItem):
            item.content_hash = content_hash(item)
        return item
