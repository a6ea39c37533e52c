-- The methods library (src/cooperation/methods; docs/cooperation/methods.md): facilitation methods
-- shared by the network (cercle de connaissances, world café, arpentage…), their steps, and where each
-- was used (a cooperation project, a training half-day). Starter entries follow the tables.

CREATE TABLE cooperation_methods (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  -- Minutes, and people: the range the method works in.
  duration_min BIGINT NOT NULL CHECK (duration_min > 0),
  duration_max BIGINT NOT NULL,
  group_min BIGINT NOT NULL CHECK (group_min > 0),
  group_max BIGINT NOT NULL,
  materials TEXT NOT NULL DEFAULT '',   -- one item per line
  variants TEXT NOT NULL DEFAULT '',    -- one variant per line
  tags TEXT NOT NULL DEFAULT '',        -- as shown: "débat, éducation populaire"
  -- public: anyone reads it, anonymous visitors too; network: signed-in people only.
  visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public','network')),
  starter BIGINT NOT NULL DEFAULT 0,    -- 1: a starter entry of this migration
  -- For the search: the title, purpose and tags folded (lower case, no accents, words separated by one
  -- space), and the folded tags as ",tag one,tag two," for the filter by tag.
  search_text TEXT NOT NULL DEFAULT '',
  tags_key TEXT NOT NULL DEFAULT '',
  -- The author and the last editor (0: the starter library). No history is kept.
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (duration_min <= duration_max),
  CHECK (group_min <= group_max)
);
CREATE INDEX cooperation_methods_title ON cooperation_methods (title);
CREATE INDEX cooperation_methods_author ON cooperation_methods (created_by);

-- The steps, in order (position 1, 2, …).
CREATE TABLE cooperation_method_steps (
  method_id BIGINT NOT NULL REFERENCES cooperation_methods (id),
  position BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (method_id, position)
);

-- Where a method was used: in a cooperation project (recorded by one of its members, on the day
-- they give) or in a training half-day (recorded by a trainer of its session; the half-day's day).
CREATE TABLE cooperation_method_uses (
  id INTEGER PRIMARY KEY,
  method_id BIGINT NOT NULL REFERENCES cooperation_methods (id),
  project_id BIGINT REFERENCES cooperation_projects (id),
  halfday_id BIGINT REFERENCES training_halfdays (id),
  used_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  CHECK ((project_id IS NULL AND halfday_id IS NOT NULL) OR (project_id IS NOT NULL AND halfday_id IS NULL))
);
CREATE INDEX cooperation_method_uses_method ON cooperation_method_uses (method_id, used_on);
CREATE INDEX cooperation_method_uses_project ON cooperation_method_uses (project_id);
CREATE INDEX cooperation_method_uses_halfday ON cooperation_method_uses (halfday_id);


-- The starter library (the same in every installation): written in plain French, public, by no one
-- (created_by 0). search_text and tags_key are what the service would compute (fold_for_search of
-- "title purpose tags"); tests/unit/cooperation/methods_test.cpp checks that they are.

INSERT INTO cooperation_methods (title, purpose, duration_min, duration_max, group_min, group_max, materials, variants, tags, visibility, starter, search_text, tags_key, created_by, updated_by, created_at, updated_at)
VALUES ('Cercle de connaissances',
  'Mettre en commun ce que chacun sait déjà d''une question, pour que le groupe parte de ses propres savoirs et expériences avant tout apport extérieur. Chaque personne y est à la fois détentrice de connaissances et apprenante.',
  60, 150, 6, 20,
  'Des chaises en cercle, sans table au milieu
Un grand tableau ou des feuilles de paperboard
Des feutres épais
Des post-it de deux couleurs
Un objet qui passe de main en main pour donner la parole (facultatif)',
  'Sur plusieurs séances, le cercle ouvre chaque journée : on repart du tableau de la fois précédente et on le complète.
Avec un grand groupe, faire le tour de parole en sous-groupes de six à huit personnes, puis mettre en commun les regroupements.
Pour un groupe qui écrit peu, l''animateur note à voix haute au tableau ce que chacun dit, à la place des post-it.',
  'partage de savoirs, interconnaissance, démarrage, éducation populaire',
  'public', 1,
  'cercle de connaissances mettre en commun ce que chacun sait deja d une question pour que le groupe parte de ses propres savoirs et experiences avant tout apport exterieur chaque personne y est a la fois detentrice de connaissances et apprenante partage de savoirs interconnaissance demarrage education populaire',
  ',partage de savoirs,interconnaissance,demarrage,education populaire,',
  0, 0,
  CAST(strftime('%s', 'now') AS INTEGER),
  CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Cercle de connaissances'), 1, 'Installer les chaises en cercle et rappeler les règles : chacun parle à son tour, on écoute sans interrompre, il n''y a pas de mauvaise réponse, ce qui se dit reste dans le groupe.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Cercle de connaissances'), 2, 'Poser la question de départ, simple et affichée au mur (par exemple : « Que savons-nous déjà des liens entre générations sur notre territoire ? »).');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Cercle de connaissances'), 3, 'Laisser cinq minutes de réflexion individuelle : chacun note ce qu''il sait, a vécu ou a observé, une idée par post-it.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Cercle de connaissances'), 4, 'Faire un tour de parole : chaque personne présente ses post-it en une ou deux minutes et les colle au tableau ; avec le groupe, l''animateur rapproche les idées voisines.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Cercle de connaissances'), 5, 'Relire ensemble les regroupements, donner un nom à chaque famille d''idées, puis noter sur des post-it de l''autre couleur les questions qui restent ouvertes et ce que personne ne sait.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Cercle de connaissances'), 6, 'Choisir ensemble les questions à creuser ensuite (lecture, intervenant, enquête sur le territoire) et qui s''en charge.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Cercle de connaissances'), 7, 'Terminer par un tour rapide : en un mot, ce que j''emporte de ce cercle.');

INSERT INTO cooperation_methods (title, purpose, duration_min, duration_max, group_min, group_max, materials, variants, tags, visibility, starter, search_text, tags_key, created_by, updated_by, created_at, updated_at)
VALUES ('World café',
  'Faire discuter un grand groupe par petites tables successives, pour croiser les points de vue sur une question et faire émerger des idées communes.',
  90, 180, 12, 100,
  'Des tables de quatre ou cinq places
Une nappe en papier ou une grande feuille sur chaque table
Des feutres de couleur sur chaque table
Les questions écrites en grand, une par tour
Un signal sonore pour changer de tour (cloche, carillon)
De quoi boire un café ou un thé (facultatif)',
  'Avec moins de douze personnes, garder deux tables et deux tours.
Chaque table peut avoir sa propre question : les participants passent alors d''un thème à l''autre.
En fin de séance, chacun vote avec des gommettes pour les idées qu''il souhaite voir mises en œuvre.',
  'grand groupe, échange, intelligence collective, diagnostic',
  'public', 1,
  'world cafe faire discuter un grand groupe par petites tables successives pour croiser les points de vue sur une question et faire emerger des idees communes grand groupe echange intelligence collective diagnostic',
  ',grand groupe,echange,intelligence collective,diagnostic,',
  0, 0,
  CAST(strftime('%s', 'now') AS INTEGER),
  CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'World café'), 1, 'Préparer deux ou trois questions ouvertes qui s''enchaînent (du constat vers les pistes d''action) et installer l''espace comme un café : petites tables, nappes en papier, feutres.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'World café'), 2, 'Accueillir le groupe et présenter les règles : on parle de ce qui compte pour soi, on écoute, on relie les idées, on écrit et on dessine sur la nappe.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'World café'), 3, 'Premier tour (20 à 30 minutes) : à chaque table, quatre ou cinq personnes discutent de la première question et notent leurs idées sur la nappe.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'World café'), 4, 'Au signal, une personne reste à la table comme hôte ; les autres changent de table en se mélangeant le plus possible.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'World café'), 5, 'Deuxième tour : l''hôte résume en quelques minutes ce qui s''est dit, puis la nouvelle tablée poursuit avec la question suivante en s''appuyant sur les traces de la nappe.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'World café'), 6, 'Faire un troisième tour si besoin, de la même façon.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'World café'), 7, 'Récolte en grand groupe : chaque hôte partage les deux ou trois idées fortes de sa table ; l''animateur les note au tableau et le groupe repère ce qui revient partout.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'World café'), 8, 'Afficher les nappes et les photographier pour le compte rendu.');

INSERT INTO cooperation_methods (title, purpose, duration_min, duration_max, group_min, group_max, materials, variants, tags, visibility, starter, search_text, tags_key, created_by, updated_by, created_at, updated_at)
VALUES ('Arpentage',
  'Lire à plusieurs, en peu de temps, un livre ou un texte exigeant : chacun en lit une partie, puis le groupe reconstitue l''ensemble et en débat. Méthode née dans les cercles ouvriers et reprise par l''éducation populaire (Peuple et Culture).',
  120, 210, 4, 15,
  'Un exemplaire du livre ou du texte, que l''on accepte de découper
Un cutter ou des ciseaux
Des feuilles et des stylos
Un mur ou du papier kraft pour afficher les parties dans l''ordre
Du ruban adhésif',
  'Pour un texte court (article, rapport), découper par pages ou par sections.
En binômes : deux personnes lisent la même partie et la présentent ensemble.
L''arpentage peut être suivi d''une rencontre avec l''auteur ou d''un temps d''écriture.',
  'lecture collective, éducation populaire, savoirs, débat',
  'public', 1,
  'arpentage lire a plusieurs en peu de temps un livre ou un texte exigeant chacun en lit une partie puis le groupe reconstitue l ensemble et en debat methode nee dans les cercles ouvriers et reprise par l education populaire peuple et culture lecture collective education populaire savoirs debat',
  ',lecture collective,education populaire,savoirs,debat,',
  0, 0,
  CAST(strftime('%s', 'now') AS INTEGER),
  CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Arpentage'), 1, 'Présenter le livre et son auteur en quelques mots, et dire pourquoi le groupe le lit.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Arpentage'), 2, 'Découper le livre en autant de parties qu''il y a de participants, si possible selon les chapitres ; chacun choisit ou tire au sort sa partie.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Arpentage'), 3, 'Lecture individuelle (30 à 60 minutes selon la longueur) : chacun lit sa partie et note ce qu''il a compris, ce qui l''a marqué, ce avec quoi il est d''accord ou non, et une phrase à partager.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Arpentage'), 4, 'Mise en commun dans l''ordre du livre : chacun présente sa partie en quelques minutes et l''affiche au mur, pour reconstituer le livre.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Arpentage'), 5, 'Débat : le groupe discute des idées du livre et de ce qu''elles éclairent dans ses pratiques et sur son territoire.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Arpentage'), 6, 'Garder une trace (carte des idées, citations, questions à poursuivre) ; les morceaux du livre peuvent ensuite circuler pour être lus en entier.');

INSERT INTO cooperation_methods (title, purpose, duration_min, duration_max, group_min, group_max, materials, variants, tags, visibility, starter, search_text, tags_key, created_by, updated_by, created_at, updated_at)
VALUES ('Photo-langage',
  'Aider chacun à prendre la parole sur un sujet personnel ou délicat en passant par une image : la photo choisie sert d''appui pour dire ce que l''on pense ou ressent.',
  45, 90, 5, 15,
  'Une quarantaine de photos variées (paysages, visages, objets, scènes de vie), au moins deux fois plus que de participants
Des tables pour étaler les photos
La question écrite au tableau
De quoi noter pour l''animateur',
  'Avec un grand groupe, former des sous-groupes de six à huit personnes, chacun avec son jeu de photos.
Les photos peuvent être prises par les participants eux-mêmes sur le territoire, avant la séance.
Demander deux photos : l''une pour ce qui existe, l''autre pour ce que l''on souhaite.',
  'expression, image, démarrage, parole',
  'public', 1,
  'photo langage aider chacun a prendre la parole sur un sujet personnel ou delicat en passant par une image la photo choisie sert d appui pour dire ce que l on pense ou ressent expression image demarrage parole',
  ',expression,image,demarrage,parole,',
  0, 0,
  CAST(strftime('%s', 'now') AS INTEGER),
  CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Photo-langage'), 1, 'Étaler les photos sur les tables, face visible, avant l''arrivée du groupe.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Photo-langage'), 2, 'Poser la question clairement et lentement (par exemple : « Choisissez une photo qui dit pour vous ce que la culture apporte aux liens entre générations »).');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Photo-langage'), 3, 'Temps de choix en silence (5 à 10 minutes) : chacun fait le tour des tables et choisit une photo du regard, sans la prendre.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Photo-langage'), 4, 'Chacun prend sa photo ; si deux personnes ont choisi la même, elles la partagent.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Photo-langage'), 5, 'Tour de parole en cercle : chacun montre sa photo et dit pourquoi il l''a choisie ; les autres écoutent sans commenter ni interpréter.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Photo-langage'), 6, 'Second tour, libre : le groupe réagit, relève les points communs et les différences entre les choix.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Photo-langage'), 7, 'L''animateur fait une courte synthèse de ce qui a été dit, sans interpréter les images à la place des personnes.');

INSERT INTO cooperation_methods (title, purpose, duration_min, duration_max, group_min, group_max, materials, variants, tags, visibility, starter, search_text, tags_key, created_by, updated_by, created_at, updated_at)
VALUES ('Porteur de parole',
  'Aller à la rencontre des habitants dans l''espace public pour recueillir leur parole sur une question qui les concerne, et la rendre visible à tous sur place. La taille indiquée est celle de l''équipe ; les passants qui s''arrêtent sont en nombre variable.',
  120, 240, 3, 10,
  'Deux ou trois grands panneaux portant la question en gros caractères
Des feuilles A3 ou A4 et des feutres épais
Une corde et des pinces à linge pour suspendre les phrases
Une table et quelques chaises
De quoi offrir un café ou un thé
L''autorisation d''occuper l''espace public, si elle est nécessaire',
  'Sur plusieurs lieux ou plusieurs jours, garder la même question pour comparer les réponses.
Ajouter un second panneau avec une question née des réponses de la première heure.
À l''intérieur (hall de médiathèque, centre social), installer le dispositif pour une journée entière.',
  'espace public, habitants, parole, diagnostic, aller-vers',
  'public', 1,
  'porteur de parole aller a la rencontre des habitants dans l espace public pour recueillir leur parole sur une question qui les concerne et la rendre visible a tous sur place la taille indiquee est celle de l equipe les passants qui s arretent sont en nombre variable espace public habitants parole diagnostic aller vers',
  ',espace public,habitants,parole,diagnostic,aller vers,',
  0, 0,
  CAST(strftime('%s', 'now') AS INTEGER),
  CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Porteur de parole'), 1, 'Formuler en équipe une question courte, ouverte et un peu piquante, qui interpelle les passants (par exemple : « Entre jeunes et anciens, qu''est-ce qui nous empêche de nous rencontrer ? »).');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Porteur de parole'), 2, 'Choisir un lieu de passage (marché, sortie d''école, place du bourg) et un moment, puis préparer les panneaux.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Porteur de parole'), 3, 'Installer les panneaux, la corde et la table, et répartir les rôles : des porteurs de parole qui abordent les passants, une personne qui écrit, une personne à l''accueil.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Porteur de parole'), 4, 'Aborder les passants qui regardent les panneaux, leur demander ce qu''ils en pensent, écouter et relancer sans juger ni contredire.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Porteur de parole'), 5, 'Avec l''accord de la personne, écrire une phrase forte de sa réponse, avec ses mots et sans son nom, et la suspendre à la corde ; les passants suivants la lisent et réagissent.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Porteur de parole'), 6, 'À la fin, décrocher les phrases, les photographier et les classer ; faire un court bilan à chaud avec l''équipe.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Porteur de parole'), 7, 'Restituer ce qui a été recueilli (affichage, compte rendu, retour sur le même lieu) et dire aux habitants ce que le projet en fera.');

INSERT INTO cooperation_methods (title, purpose, duration_min, duration_max, group_min, group_max, materials, variants, tags, visibility, starter, search_text, tags_key, created_by, updated_by, created_at, updated_at)
VALUES ('Débat mouvant',
  'Faire débattre un groupe en mouvement : chacun se place selon son accord avec une affirmation, argumente et peut changer de côté. Utile pour faire apparaître les points de vue et leurs nuances.',
  30, 90, 10, 40,
  'Un espace dégagé où le groupe peut se déplacer
Une ligne au sol (ruban adhésif, corde) qui partage l''espace en deux
Des affirmations préparées à l''avance, qui divisent
Un tableau pour noter les arguments (facultatif)',
  'Autoriser une zone « je ne sais pas » au milieu, à condition que les personnes qui s''y placent disent pourquoi.
Faire écrire les affirmations par le groupe lui-même, à partir d''un diagnostic ou d''une lecture.
Noter au tableau les meilleurs arguments de chaque côté pour en garder trace.',
  'débat, argumentation, mouvement, éducation populaire',
  'public', 1,
  'debat mouvant faire debattre un groupe en mouvement chacun se place selon son accord avec une affirmation argumente et peut changer de cote utile pour faire apparaitre les points de vue et leurs nuances debat argumentation mouvement education populaire',
  ',debat,argumentation,mouvement,education populaire,',
  0, 0,
  CAST(strftime('%s', 'now') AS INTEGER),
  CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Débat mouvant'), 1, 'Préparer trois ou quatre affirmations qui divisent, courtes et sans double négation (par exemple : « La culture, c''est d''abord l''affaire des professionnels »).');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Débat mouvant'), 2, 'Tracer une ligne au sol : d''un côté « d''accord », de l''autre « pas d''accord » ; personne ne reste sur la ligne.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Débat mouvant'), 3, 'Lire l''affirmation à voix haute ; chacun choisit son côté, même s''il hésite.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Débat mouvant'), 4, 'Donner la parole à chaque côté tour à tour, souvent en commençant par le moins nombreux ; chaque intervention est courte et cherche à convaincre.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Débat mouvant'), 5, 'Celles et ceux qu''un argument a convaincus changent de côté ; l''animateur leur demande ce qui les a fait bouger.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Débat mouvant'), 6, 'Après 10 à 15 minutes, passer à l''affirmation suivante.');
INSERT INTO cooperation_method_steps (method_id, position, body) VALUES ((SELECT id FROM cooperation_methods WHERE starter = 1 AND title = 'Débat mouvant'), 7, 'Terminer assis par un temps de retour : quels arguments ont compté, quelles nuances sont apparues, qu''est-ce que cela change pour notre projet ?');
