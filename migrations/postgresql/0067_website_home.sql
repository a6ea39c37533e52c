-- The home page composed of blocks (issue 20, src/website/home; docs/website.md « Home page »).
-- One row per kind of block, in the order of `position` (smallest first); a disabled block is not shown.
-- `title` overrides the block's default heading ('' : the default); `body` is the presentation's
-- markdown; `items` how many entries a list block shows (trainings, events, quotes).
CREATE TABLE website_home_blocks (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('presentation','trainings','events','directory','quotes','figures')),
  position BIGINT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0,1)),
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  items BIGINT NOT NULL DEFAULT 3 CHECK (items BETWEEN 1 AND 12),
  updated_at BIGINT NOT NULL DEFAULT 0,
  updated_by BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX website_home_blocks_kind ON website_home_blocks (kind);

INSERT INTO website_home_blocks (kind, position, body) VALUES ('presentation', 1, 'Le Département de Loire-Atlantique a fait le choix de travailler sur la culture comme levier d’insertion sociale et d’émancipation à l’échelle des territoires.

La **formation-action culture/social** réunit les acteurs sociaux et les acteurs culturels d’un même territoire pour favoriser l’interconnaissance, lever des freins, « casser » les représentations et parler un langage commun. Elle se co-construit avec les collectivités et les acteurs de chaque délégation.

Avec **Cultures du Cœur 94**, le réseau partenarial culturel, sportif et social ouvre des sorties solidaires aux habitants les plus éloignés de la culture : spectacles, musées, médiathèques, équipements sportifs.');
INSERT INTO website_home_blocks (kind, position, items) VALUES ('trainings', 2, 3);
INSERT INTO website_home_blocks (kind, position, items) VALUES ('events', 3, 3);
INSERT INTO website_home_blocks (kind, position) VALUES ('directory', 4);
INSERT INTO website_home_blocks (kind, position, items) VALUES ('quotes', 5, 3);
INSERT INTO website_home_blocks (kind, position) VALUES ('figures', 6);
