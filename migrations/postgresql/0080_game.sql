-- « Par Ici la Sortie », digital (issue 24, docs/mediation.md « Par Ici la Sortie »): decks of cards, versioned
-- (a game plays one version; every edit of a deck makes a new version, the older ones stay for the games that
-- play them), games with their teams (names only, no personal data) that expire after a day. The starter deck
-- (40 cards in plain French) is written here, so that a fresh instance has it without the demo.

CREATE TABLE game_decks (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL,
  starter INTEGER NOT NULL DEFAULT 0,        -- 1: the starter deck written by this migration
  current_version BIGINT NOT NULL DEFAULT 0, -- game_deck_versions.id of the version new games play
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE game_deck_versions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deck_id BIGINT NOT NULL REFERENCES game_decks (id),
  number INTEGER NOT NULL,                   -- 1, 2, … within the deck
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (deck_id, number)
);

CREATE TABLE game_cards (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version_id BIGINT NOT NULL REFERENCES game_deck_versions (id),
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('culture','transports','artistes','spectateurs')),
  text TEXT NOT NULL,
  answer_kind TEXT NOT NULL DEFAULT 'answer' CHECK (answer_kind IN ('answer','prompt')),
  answer TEXT NOT NULL DEFAULT '',           -- the expected answer, or the prompt that opens the discussion
  move INTEGER NOT NULL DEFAULT 1 CHECK (move BETWEEN -3 AND 3),  -- squares forward (> 0) or back (< 0)
  image_type TEXT NOT NULL DEFAULT '',       -- image/png or image/jpeg once normalised; '' none
  image BYTEA NOT NULL DEFAULT '\x'
);
CREATE INDEX game_cards_version ON game_cards (version_id, position);

CREATE TABLE game_games (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,                 -- the short code the board joins with
  deck_id BIGINT NOT NULL REFERENCES game_decks (id),
  version_id BIGINT NOT NULL REFERENCES game_deck_versions (id),
  mediator_id BIGINT NOT NULL,
  track INTEGER NOT NULL,                    -- squares from the start (0) to the show (track)
  turn INTEGER NOT NULL DEFAULT 0,           -- the team whose turn it is
  status TEXT NOT NULL DEFAULT 'playing' CHECK (status IN ('playing','won')),
  winner INTEGER NOT NULL DEFAULT -1,
  card_id BIGINT NOT NULL DEFAULT 0,         -- the card drawn and not yet played (0: none)
  drawn TEXT NOT NULL DEFAULT '',            -- ids of the cards drawn since the last shuffle, comma-separated
  seq BIGINT NOT NULL DEFAULT 1,             -- goes up at every change: the server-sent events' id
  last_event TEXT NOT NULL DEFAULT '',       -- what the last change was (for the board)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX game_games_expiry ON game_games (expires_at);
CREATE INDEX game_games_mediator ON game_games (mediator_id, created_at);

CREATE TABLE game_teams (
  game_id BIGINT NOT NULL REFERENCES game_games (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  square INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (game_id, position)
);

-- The starter deck, version 1.
INSERT INTO game_decks (name, starter, created_at, updated_at) VALUES ('Paquet de départ', 1, 0, 0);
INSERT INTO game_deck_versions (deck_id, number, created_at) SELECT id, 1, 0 FROM game_decks WHERE starter = 1;
UPDATE game_decks SET current_version = (SELECT v.id FROM game_deck_versions v WHERE v.deck_id = game_decks.id)
  WHERE starter = 1;
INSERT INTO game_cards (version_id, position, kind, text, answer_kind, answer, move)
  SELECT d.current_version, c.position, c.kind, c.text, c.answer_kind, c.answer, c.move FROM game_decks d, (
    SELECT 1 AS position, 'culture' AS kind, 'Qu''est-ce qu''un entracte ?' AS text, 'answer' AS answer_kind, 'Une pause au milieu du spectacle. On peut sortir de la salle, boire un verre d''eau, puis on revient à sa place.' AS answer, 2 AS move
    UNION ALL
    SELECT 2, 'culture', 'Dans un musée, a-t-on le droit de toucher les œuvres ?', 'answer', 'Non, en général on regarde sans toucher. Certaines expositions ont des objets à toucher : un panneau le dit.', 2
    UNION ALL
    SELECT 3, 'culture', 'Citez un spectacle, un film ou un concert que vous avez aimé.', 'prompt', 'Chacun raconte. Qu''est-ce qui vous a plu ? Avec qui y étiez-vous ?', 1
    UNION ALL
    SELECT 4, 'culture', 'Qu''est-ce qu''une médiathèque ?', 'answer', 'Un lieu où l''on emprunte gratuitement des livres, des films, de la musique. On peut aussi y lire sur place.', 2
    UNION ALL
    SELECT 5, 'culture', 'Faut-il bien s''habiller pour aller au théâtre ?', 'answer', 'Non. On vient comme on est, dans des vêtements où l''on se sent bien.', 2
    UNION ALL
    SELECT 6, 'culture', 'Un concert de musique classique, c''est seulement pour les personnes qui s''y connaissent ?', 'prompt', 'Non : tout le monde peut écouter et aimer. Parlez de ce qui fait peur avant une première fois.', 1
    UNION ALL
    SELECT 7, 'culture', 'Qu''est-ce qu''un vernissage ?', 'answer', 'Le premier jour d''une exposition. On y est souvent invité, l''entrée est libre, parfois avec une boisson offerte.', 2
    UNION ALL
    SELECT 8, 'culture', 'Que peut-on voir dans un cirque aujourd''hui ?', 'answer', 'Des acrobates, des jongleurs, des clowns, des équilibristes. Souvent il n''y a plus d''animaux.', 2
    UNION ALL
    SELECT 9, 'culture', 'Quel lieu de culture y a-t-il près de chez vous ?', 'prompt', 'Cherchez ensemble : cinéma, médiathèque, salle des fêtes, théâtre, centre social. Qui y est déjà allé ?', 1
    UNION ALL
    SELECT 10, 'culture', 'Une place de spectacle invitée, est-elle moins bien qu''une place payée ?', 'answer', 'Non. C''est la même place, le même spectacle, le même accueil.', 2
    UNION ALL
    SELECT 11, 'transports', 'Sur un plan de métro, à quoi servent les couleurs ?', 'answer', 'Chaque couleur est une ligne. On suit la couleur de sa ligne jusqu''à la station où l''on descend.', 2
    UNION ALL
    SELECT 12, 'transports', 'Que veut dire « direction » sur un quai ?', 'answer', 'C''est le nom du dernier arrêt de la ligne. Il indique dans quel sens va le train ou le bus.', 2
    UNION ALL
    SELECT 13, 'transports', 'Qu''est-ce qu''une correspondance ?', 'answer', 'C''est l''endroit où l''on change de ligne pour continuer son trajet.', 2
    UNION ALL
    SELECT 14, 'transports', 'Vous avez raté le dernier bus après le spectacle. Que faites-vous ?', 'prompt', 'Parlez des solutions : regarder l''heure du dernier bus avant de partir, partager un trajet, prévenir le relais.', 1
    UNION ALL
    SELECT 15, 'transports', 'Où trouver l''heure du prochain bus ?', 'answer', 'Sur le panneau à l''arrêt, sur la fiche horaire, ou en demandant au chauffeur ou à l''accueil.', 2
    UNION ALL
    SELECT 16, 'transports', 'Faut-il valider son ticket à chaque montée dans le bus ?', 'answer', 'Oui, à chaque montée, même avec un abonnement. Sinon on risque une amende.', 2
    UNION ALL
    SELECT 17, 'transports', 'Vous êtes perdu dans une gare. À qui demander ?', 'answer', 'À l''accueil, à un agent en gilet, ou à une personne au guichet. Demander, c''est normal.', 2
    UNION ALL
    SELECT 18, 'transports', 'Le trajet dure 45 minutes. Le spectacle commence à 20 h. À quelle heure partir ?', 'answer', 'Vers 19 h, pour avoir du temps si le bus est en retard et arriver un peu avant.', 2
    UNION ALL
    SELECT 19, 'transports', 'Vous avez oublié de regarder le trajet avant de partir. Reculez d''une case.', 'prompt', 'Comment préparer son trajet la veille ? Qui peut vous aider au relais ?', -1
    UNION ALL
    SELECT 20, 'transports', 'Sur un plan, que veut dire le petit bonhomme en fauteuil ?', 'answer', 'La station ou l''arrêt est accessible aux personnes en fauteuil roulant.', 2
    UNION ALL
    SELECT 21, 'artistes', 'Mimez : un chef d''orchestre.', 'prompt', 'L''équipe devine. Qui a déjà vu un orchestre ?', 1
    UNION ALL
    SELECT 22, 'artistes', 'Dessinez : un rideau de théâtre.', 'prompt', 'L''équipe devine en une minute.', 1
    UNION ALL
    SELECT 23, 'artistes', 'Mimez : une danseuse ou un danseur.', 'prompt', 'L''équipe devine. Quelle danse aimez-vous ?', 1
    UNION ALL
    SELECT 24, 'artistes', 'Dessinez : une guitare.', 'prompt', 'L''équipe devine en une minute.', 1
    UNION ALL
    SELECT 25, 'artistes', 'Mimez : un clown.', 'prompt', 'L''équipe devine. Un clown, c''est un vrai métier d''artiste.', 1
    UNION ALL
    SELECT 26, 'artistes', 'Dessinez : un écran de cinéma et des fauteuils.', 'prompt', 'L''équipe devine en une minute.', 1
    UNION ALL
    SELECT 27, 'artistes', 'Mimez : un magicien qui sort un lapin d''un chapeau.', 'prompt', 'L''équipe devine.', 1
    UNION ALL
    SELECT 28, 'artistes', 'Dessinez : un tableau dans un musée.', 'prompt', 'L''équipe devine en une minute.', 1
    UNION ALL
    SELECT 29, 'artistes', 'Mimez : une chanteuse ou un chanteur d''opéra.', 'prompt', 'L''équipe devine. Qui a déjà entendu de l''opéra ?', 1
    UNION ALL
    SELECT 30, 'artistes', 'Mimez : un acrobate sur un fil.', 'prompt', 'L''équipe devine.', 1
    UNION ALL
    SELECT 31, 'spectateurs', 'Le spectacle a commencé et vous arrivez en retard. Que faites-vous ?', 'answer', 'On attend que l''accueil nous fasse entrer, sans bruit, souvent à un moment calme du spectacle.', 2
    UNION ALL
    SELECT 32, 'spectateurs', 'Peut-on utiliser son téléphone pendant le spectacle ?', 'answer', 'Non. On l''éteint ou on le met en silencieux, et on ne filme pas.', 2
    UNION ALL
    SELECT 33, 'spectateurs', 'Quand applaudit-on ?', 'answer', 'À la fin, quand les artistes saluent. Au concert, on attend la fin du morceau. Dans le doute, on fait comme les autres.', 2
    UNION ALL
    SELECT 34, 'spectateurs', 'Où laisser son manteau ?', 'answer', 'Au vestiaire s''il y en a un, souvent gratuit, ou sur ses genoux.', 2
    UNION ALL
    SELECT 35, 'spectateurs', 'Que faire si vous ne comprenez pas le spectacle ?', 'prompt', 'C''est normal de ne pas tout comprendre. On peut en parler après, avec le groupe ou les artistes.', 1
    UNION ALL
    SELECT 36, 'spectateurs', 'Votre billet indique « placement libre ». Qu''est-ce que cela veut dire ?', 'answer', 'On s''assoit où l''on veut, dans les places libres.', 2
    UNION ALL
    SELECT 37, 'spectateurs', 'Vous avez oublié votre billet à la maison. Reculez d''une case.', 'prompt', 'Comment ne pas l''oublier ? Le mettre la veille dans son sac, le garder sur son téléphone.', -1
    UNION ALL
    SELECT 38, 'spectateurs', 'Peut-on manger pendant le spectacle ?', 'answer', 'En général non dans la salle. Au cinéma, c''est souvent permis, sans bruit.', 2
    UNION ALL
    SELECT 39, 'spectateurs', 'À la fin, les artistes proposent de discuter. Y allez-vous ?', 'prompt', 'Parlez-en : c''est souvent gratuit et ouvert à tous. Quelle question aimeriez-vous poser ?', 1
    UNION ALL
    SELECT 40, 'spectateurs', 'Vous avez parlé fort pendant tout le spectacle. Reculez de deux cases.', 'prompt', 'Pourquoi le silence aide-t-il les autres spectateurs et les artistes ?', -2
  ) c WHERE d.starter = 1;
