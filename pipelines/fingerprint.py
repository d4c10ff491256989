"""The content hash: changes exactly when the headline or body text changes."""

from __future__ import annotations

import hashlib

from newscrawl.items import ArticleItem, Item


def content_hash(item: ArticleItem) -> str:
    # The headline, then each block as `\n{kind}\t{text}`: one string, encoded and hashed once.
    text = item.headline + "".join(f"\n{block['kind']}\t{block['text']}" for block in item.body)
    return f"sha256:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


class FingerprintPipeline:
    def process_item(self, item: Item) -> Item:
        if isinstance(item, ArticleItem):
            item.content_hash = content_hash(item)
        return item
