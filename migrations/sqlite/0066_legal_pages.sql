-- The legal and trust pages' texts (src/website/legal, docs/website.md « Legal pages »): honest templates
-- whose blanks read « à compléter », for the instance's administrators (site.edit) to complete at
-- /admin/site/mentions. ON CONFLICT keeps a value already written.
INSERT INTO settings (key, value) VALUES ('website.legal.mentions.editor', '**« à compléter » : nom de la structure qui publie le site** (par exemple « Département de Loire-Atlantique »)

- Forme juridique : « à compléter »
- Adresse du siège : « à compléter »
- SIREN, SIRET ou numéro RNA : « à compléter »
- Téléphone : « à compléter »') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.mentions.director', '« à compléter » : prénom, nom et fonction de la personne responsable de la publication (en général le représentant légal de la structure).') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.mentions.host', '- Hébergeur : « à compléter » (nom ou raison sociale)
- Adresse : « à compléter »
- Téléphone : « à compléter »

Le site fonctionne avec Trame, un logiciel libre ; le nom du logiciel ne désigne pas l''hébergeur.') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.mentions.contact', 'Pour toute question sur ce site : « à compléter » (adresse électronique ou formulaire de contact).') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.mentions.credits', '') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.privacy.controller', 'Le responsable des traitements décrits ici est **« à compléter » : la structure qui publie ce site**, représentée par « à compléter ».

Délégué ou déléguée à la protection des données : « à compléter » (adresse électronique).

Chaque relais, organisme de formation ou structure partenaire reste responsable des données qu''il garde de son côté, hors de la plateforme.') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.privacy.supported', '### Ce que la plateforme garde
**Pas votre nom.** La plateforme ne connaît qu''un **code** (par exemple « CDC-4821 ») et quelques informations générales : tranche d''âge, nombre de personnes du foyer, commune, quartier prioritaire ou non, et les sorties réservées pour vous (date, lieu, présence). C''est votre relais (l''association ou le service qui vous accompagne) qui sait à qui correspond ce code : **il garde votre identité de son côté, pas Trame**.

### Pourquoi
Réserver des places de sortie à votre place, éviter les réservations en double, compter (sans nommer personne) combien de personnes ont été touchées.

### Sur quelle base
« à compléter » : en général la mission d''intérêt public de la structure (article 6.1.e du RGPD).

### Combien de temps
« à compléter » (par exemple : le code et vos réservations sont supprimés ou rendus anonymes 3 ans après votre dernière sortie).

### Qui les voit
Les personnes de votre relais qui vous accompagnent ; le lieu de la sortie voit seulement le code sur le billet ; les coordinateurs du réseau voient des chiffres, jamais une liste de personnes.

### Vos droits
Adressez-vous d''abord à votre relais : c''est lui qui peut vous reconnaître derrière le code. Vous pouvez aussi écrire au responsable (voir « Vos droits et comment les exercer »).') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.privacy.trainees', '### Ce que la plateforme garde
Votre nom, vos coordonnées, votre candidature, vos inscriptions, vos présences (feuilles d''émargement), vos évaluations et attestations, et, si vous passez une certification, votre dossier et les décisions du jury.

### Pourquoi
Organiser la formation, prouver votre présence aux financeurs, délivrer vos attestations et certificats, mesurer la qualité des formations (Qualiopi).

### Sur quelle base
L''exécution de votre contrat ou convention de formation, et les obligations légales des organismes de formation.

### Combien de temps
« à compléter » (par exemple : le dossier de formation est gardé 6 ans après la fin de la formation, durée des contrôles des financeurs).

### Qui les voit
L''organisme de formation, vos formateurs, le jury de certification s''il y en a un, et, pour ce que la loi prévoit, les financeurs de votre formation.

### Vos droits
Voir « Vos droits et comment les exercer ».') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.privacy.volunteers', '### Ce que la plateforme garde
Votre nom, vos coordonnées, la structure à laquelle vous êtes rattaché, vos disponibilités et vos missions.

### Pourquoi
Vous proposer des missions, organiser les interventions, vous écrire au sujet de la vie du réseau.

### Sur quelle base
« à compléter » : en général votre consentement ou l''intérêt légitime de l''association (article 6.1.a ou 6.1.f du RGPD).

### Combien de temps
« à compléter » (par exemple : 2 ans après votre dernière mission).

### Qui les voit
Les coordinateurs du réseau et les personnes de votre structure qui organisent les missions.

### Vos droits
Voir « Vos droits et comment les exercer ».') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.privacy.professionals', '### Ce que la plateforme garde
Votre nom, votre fonction, vos coordonnées professionnelles, votre structure, et ce que vous faites sur la plateforme (offres publiées, réservations gérées, projets, réunions). Les actions sensibles (connexions, changements de rôle, exports) sont inscrites dans un journal avec leur date et l''adresse IP.

### Pourquoi
Vous donner accès à votre espace, faire fonctionner le réseau, assurer la sécurité de la plateforme.

### Sur quelle base
L''intérêt légitime de la structure et de ses partenaires, et l''exécution des conventions de partenariat.

### Combien de temps
« à compléter » (par exemple : le compte est supprimé 1 an après la fin du partenariat ; le journal de sécurité est gardé « à compléter »).

### Qui les voit
Les autres professionnels du réseau selon leur rôle ; l''annuaire public ne montre que ce que votre structure a choisi de publier.

### Vos droits
Voir « Vos droits et comment les exercer ».') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.privacy.visitors', '### Ce que la plateforme garde
Sans compte, presque rien : des **cookies strictement nécessaires** (sécurité des formulaires, langue choisie, messages affichés après un envoi) et, dans les journaux du serveur, l''adresse IP et la page demandée.

**Pas de mesure d''audience, pas de publicité, pas de traceur d''un autre site.** Ces cookies ne demandent donc pas votre consentement.

### Pourquoi
Faire fonctionner le site et le protéger contre les abus.

### Sur quelle base
L''intérêt légitime de la structure à assurer la sécurité du site.

### Combien de temps
Les journaux du serveur : « à compléter » (par exemple 1 an au plus). Les cookies : le temps de votre visite, ou un an pour la langue choisie.

### Qui les voit
L''hébergeur et les administrateurs techniques du site.

### Vos droits
Voir « Vos droits et comment les exercer ».') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.privacy.rights', 'Vous pouvez demander à **voir** les données qui vous concernent, les faire **corriger** ou **effacer**, vous **opposer** à leur utilisation ou en demander la **limitation**, et recevoir celles que vous avez fournies dans un format lisible (**portabilité**), dans les conditions prévues par le RGPD (articles 15 à 22).

**Comment faire :** écrivez à « à compléter » (adresse électronique) ou par courrier à « à compléter » (adresse postale), en précisant quelle partie de la plateforme vous concerne. Nous répondons dans un délai d''un mois.

Les personnes accompagnées par un relais s''adressent de préférence à leur relais, qui seul peut les reconnaître derrière leur code.

**Réclamation :** si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (Commission nationale de l''informatique et des libertés), sur [cnil.fr/plaintes](https://www.cnil.fr/fr/plaintes) ou par courrier : CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.entity', '« à compléter » : nom de la structure') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.status', 'non') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.rate', '') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.audit_date', '') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.statement_date', '') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.non_compliant', 'Aucun audit n''a encore été réalisé. Les non-conformités connues seront listées ici : « à compléter » après l''audit.

Les pages de la plateforme sont vérifiées automatiquement (outil axe) à chaque version, sur téléphone et sur ordinateur ; cette vérification ne remplace pas un audit.') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.derogations', '') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.exempt', '- Les documents bureautiques (PDF, tableurs) déposés par les partenaires avant le « à compléter ».
- Les cartes interactives : la liste des lieux, sous chaque carte, donne les mêmes informations.') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.technologies', '- HTML5
- CSS
- JavaScript (facultatif : le site fonctionne sans)') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.test_environment', 'Les vérifications ont été faites avec : « à compléter » (par exemple NVDA et Firefox, VoiceOver et Safari, TalkBack et Chrome).

Outils utilisés pour évaluer l''accessibilité : « à compléter » (par exemple axe, l''inspecteur du navigateur, le contrôle manuel des critères).') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.pages_audited', '« à compléter » : la liste des pages de l''échantillon (par exemple l''accueil, le catalogue des formations, une fiche de formation, la connexion, les mentions légales, cette déclaration).') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.contact', 'Si vous n''arrivez pas à accéder à un contenu ou à un service, vous pouvez nous le signaler pour être orienté vers une autre solution ou recevoir le contenu sous une autre forme :

- par courrier électronique : « à compléter »
- par courrier postal : « à compléter »
- par téléphone : « à compléter »') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.accessibility.remedies', 'Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable du site un défaut d''accessibilité qui vous empêche d''accéder à un contenu ou à un des services du portail et vous n''avez pas obtenu de réponse satisfaisante.

Vous pouvez :

- écrire un message au Défenseur des droits : [formulaire en ligne](https://formulaire.defenseurdesdroits.fr/) ;
- contacter le délégué ou la déléguée du Défenseur des droits dans votre région : [liste des délégués](https://www.defenseurdesdroits.fr/saisir/delegues) ;
- envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.plan.years', '« à compléter » (par exemple 2027-2029)') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.plan.multi_year', 'Le schéma pluriannuel décrit la politique de la structure pour rendre ses services en ligne accessibles, sur trois ans au plus.

### Organisation
- Référent ou référente accessibilité : « à compléter »
- Moyens humains et financiers consacrés : « à compléter »

### Actions prévues
- Faire réaliser un audit de conformité RGAA par un tiers : « à compléter » (année)
- Corriger les non-conformités relevées, en priorité celles qui bloquent une démarche : « à compléter »
- Former les personnes qui rédigent les contenus (textes, documents, images) : « à compléter »
- Demander aux partenaires des documents accessibles : « à compléter »') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.plan.plan_year', '« à compléter »') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('website.legal.plan.plan', '- « à compléter » : première action de l''année et son échéance
- « à compléter » : deuxième action de l''année et son échéance') ON CONFLICT (key) DO NOTHING;
