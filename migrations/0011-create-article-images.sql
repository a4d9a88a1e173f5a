-- Which processed image (src/media/store.ts, by content address) stands for each piece's lead image (issue 19).
-- Kept beside articles rather than in them: the images are made after the import commits (processing is slow
-- and asynchronous, the import's transaction is neither), and `source` is the image.src they were made from,
-- so a piece whose image.src changes is processed again and an unchanged one is not looked at.
CREATE TABLE article_images (
  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  image_key TEXT NOT NULL
);

-- A piece's picture is part of its page, its cards and its share card: the change log hears of it as of any
-- change readers see (migration 0008).
CREATE TRIGGER article_images_log_insert AFTER INSERT ON article_images BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'article', id, slug FROM articles WHERE id = NEW.article_id AND draft = 0;
END;
CREATE TRIGGER article_images_log_update AFTER UPDATE ON article_images WHEN OLD.image_key IS NOT NEW.image_key BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'article', id, slug FROM articles WHERE id = NEW.article_id AND draft = 0;
END;

-- The generated share card (og:image) of each piece without a lead image: kicker, headline, byline and site
-- name drawn at import. card_key is the hash of the card's SVG, so the card is drawn again exactly when its
-- text changes (a new headline, a renamed author) and never otherwise.
CREATE TABLE article_cards (
  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  card_key TEXT NOT NULL
);
CREATE TRIGGER article_cards_log_insert AFTER INSERT ON article_cards BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'article', id, slug FROM articles WHERE id = NEW.article_id AND draft = 0;
END;
CREATE TRIGGER article_cards_log_update AFTER UPDATE ON article_cards WHEN OLD.card_key IS NOT NEW.card_key BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'article', id, slug FROM articles WHERE id = NEW.article_id AND draft = 0;
END;

-- An author's portrait (issue 19): photo is what authors.yaml says, author_photos which processed image was
-- made from it, as article_images does for pieces. Bylines show portraits, so both changes are logged.
ALTER TABLE authors ADD COLUMN photo TEXT;
CREATE TRIGGER authors_log_photo AFTER UPDATE OF photo ON authors WHEN OLD.photo IS NOT NEW.photo BEGIN
  INSERT INTO change_log (kind, id, slug) VALUES ('author', NEW.id, NEW.slug);
END;
CREATE TABLE author_photos (
  author_id INTEGER PRIMARY KEY REFERENCES authors (id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  image_key TEXT NOT NULL
);
CREATE TRIGGER author_photos_log_insert AFTER INSERT ON author_photos BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'author', id, slug FROM authors WHERE id = NEW.author_id;
END;
CREATE TRIGGER author_photos_log_update AFTER UPDATE ON author_photos WHEN OLD.image_key IS NOT NEW.image_key BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'author', id, slug FROM authors WHERE id = NEW.author_id;
END;
