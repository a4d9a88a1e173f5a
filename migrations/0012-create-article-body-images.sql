-- Which processed image stands for each image in a piece's body (issue 19), as article_images does for the
-- lead image. A body names its images by the reference the writer typed (`media/harbour.jpg`, an https
-- address), kept in the stored HTML; `source` is that reference, so the page swaps each <img> it has a row for
-- into a <picture>, and a reference that is no longer in the body simply matches nothing.
CREATE TABLE article_body_images (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  image_key TEXT NOT NULL,
  stamp TEXT,
  PRIMARY KEY (article_id, source)
) WITHOUT ROWID;

-- A body picture is part of the page and its feeds: the change log hears of it (migration 0008).
CREATE TRIGGER article_body_images_log_insert AFTER INSERT ON article_body_images BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'article', id, slug FROM articles WHERE id = NEW.article_id AND draft = 0;
END;
CREATE TRIGGER article_body_images_log_update AFTER UPDATE ON article_body_images WHEN OLD.image_key IS NOT NEW.image_key BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'article', id, slug FROM articles WHERE id = NEW.article_id AND draft = 0;
END;

-- A file's size and modification time when its image was made (NULL for an address): new bytes behind an
-- unchanged name (a photo replaced in content/media/) are noticed by the next import at the cost of one stat,
-- without reading or hashing the files of unchanged pieces.
ALTER TABLE article_images ADD COLUMN stamp TEXT;
ALTER TABLE author_photos ADD COLUMN stamp TEXT;

-- A generated share card is drawn on the first request for it when an import left it undrawn (a large
-- migration: publishing/share-cards.ts), which finds its piece by the card's key.
CREATE INDEX article_cards_by_key ON article_cards (card_key);
