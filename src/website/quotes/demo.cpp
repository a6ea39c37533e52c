// The demo's quotes: participants of the Département's formation-action culture/social in the Pays
// d'Ancenis (seeds 000 and 001: a librarian, a social worker, a theatre mediator…), on the two seed
// pages (imported later by their slugs) and on the programme, each with its consent; does nothing twice.
#include "website/quotes/service.hpp"

namespace trame::website::quotes {

namespace {

struct DemoQuote {
  const char* text;
  const char* author;
  const char* page;
  const char* consent_on;
  const char* consent_how;
};

constexpr DemoQuote kQuotes[] = {
    {"Ce que je retiens, c'est le langage commun : entre acteurs sociaux et acteurs culturels, nous avons appris "
     "à nous comprendre, et maintenant nous nous appelons.",
     "Une bibliothécaire, Pays d'Ancenis", "contexte-de-la-formation", "2023-06-15",
     "formulaire d'évaluation de fin de formation"},
    {"Avant la formation, je ne savais pas à qui m'adresser à la médiathèque pour monter un atelier avec les "
     "personnes que j'accompagne. Aujourd'hui, nous préparons une sortie ensemble.",
     "Une assistante sociale, délégation du Pays d'Ancenis", "contexte-de-la-formation", "2023-06-15",
     "formulaire d'évaluation de fin de formation"},
    {"La pratique artistique pendant les séminaires a levé mes propres freins : je me sens plus à l'aise pour "
     "proposer une sortie culturelle à une famille.",
     "Un conseiller en insertion, Pays d'Ancenis", "contexte-de-la-formation", "2023-06-16",
     "oral, enregistré par la chargée de mission culture du Département"},
    {"En passant deux jours au théâtre avec des travailleurs sociaux, j'ai compris qu'on ne parle pas « des "
     "publics » : on parle de personnes, chacune avec son histoire.",
     "Une médiatrice culturelle d'un théâtre, Pays d'Ancenis", "edito", "2023-06-16",
     "oral, enregistré par la chargée de mission culture du Département"},
    {"L'action que nous avons co-construite avec le centre social a réuni des habitants qui n'étaient jamais "
     "entrés à la médiathèque. C'est le fruit de la formation.",
     "Claire, animatrice d'un centre socioculturel", "edito", "2023-07-03", "courriel à la délégation"},
};

}  // namespace

void Service::load_demo(const Actor& actor) {
  db_.write([&](soci::session& sql) {
    long long programme = 0;
    const std::string title = "Formation-action culture/social";
    sql << "SELECT CAST(COALESCE(MIN(id), 0) AS BIGINT) FROM training_programmes WHERE title = :t", soci::use(title),
        soci::into(programme);
    long long now = store::now_seconds();
    long long position = 0;
    for (const auto& d : kQuotes) {
      ++position;
      long long existing = 0;
      const std::string text = d.text;
      sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM quotes WHERE text = :t", soci::use(text), soci::into(existing);
      if (existing) continue;
      Quote q;
      q.text = d.text;
      q.author = d.author;
      q.page_slug = d.page;
      q.consent_on = d.consent_on;
      q.consent_how = d.consent_how;
      q.programme_id = programme;
      q.published = true;
      q.position = position;
      long long id = repo_.insert(sql, q, now);
      audit_.record(sql, actor, "quote.created", "quote:" + std::to_string(id), q.author);
    }
  });
}

}  // namespace trame::website::quotes
