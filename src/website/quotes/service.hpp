// Quotes of participants for the public site (docs/website.md « Quotes »). Editors (site.edit:
// administrators and the communication role) type quotes or pick the platform's consented ones (the
// outings' feedback a person agreed to share), publish them, order them, and withdraw a consent: a
// withdrawn quote disappears at once from every page, and stays in the list for the record. No quote
// without a consent: its day and how it was given are required, and the database refuses a published
// quote without them. Other modules read shown quotes through for_page, for_programme and featured.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "outings/followup/service.hpp"
#include "questionnaires/answers/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "website/quotes/model.hpp"
#include "website/quotes/repository.hpp"

namespace trame::web {
class App;
}

namespace trame::website::quotes {

struct QuotePage {
  std::vector<Quote> items;
  long long total = 0;
};

// A consented quote of an outing's feedback, and whether it was picked already.
struct OutingPick {
  followup::ConsentedQuote quote;
  bool picked = false;
};

struct OutingPickPage {
  std::vector<OutingPick> items;
  long long total = 0;
};

// A consented answer of a trainee, and whether it was picked already.
struct TrainingPick {
  answers::ConsentedAnswer answer;
  bool picked = false;
};

struct TrainingPickPage {
  std::vector<TrainingPick> items;
  long long total = 0;
};

// The Monday of an ISO week 'YYYY-Www' as 'YYYY-MM-DD'; '' when malformed.
std::string monday_of(const std::string& iso_week);

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, const web::Catalogue& catalogue, followup::Service& followup,
          answers::Service& answers)
      : db_(db), audit_(audit), catalogue_(catalogue), followup_(followup), answers_(answers) {}

  static constexpr long long kPerPage = 20;

  // Who edits quotes: site.edit (administrators and the communication role).
  static bool may_edit(const Principal& me) { return me.is_admin() || me.can(perm::site_edit); }

  // ---- For the other modules: shown quotes (published, consent not withdrawn), by position.
  std::vector<QuoteView> for_page(const std::string& slug);
  std::vector<QuoteView> for_programme(long long id);
  std::vector<QuoteView> featured(int n);

  // ---- Editors
  QuotePage list(const Filter& filter, long long page);
  std::optional<Quote> find(long long id);
  std::vector<ProgrammeChoice> programmes();
  std::vector<std::string> slugs();

  // A bad or missing field (the consent's day and how it was given included): a French message, nothing
  // changed. A withdrawn quote is not edited any more (conflict).
  Outcome create(const Actor& actor, const Principal& me, const QuoteInput& in);
  Outcome update(const Actor& actor, const Principal& me, long long id, const QuoteInput& in);
  Outcome publish(const Actor& actor, const Principal& me, long long id, bool published);
  // Hides the quote everywhere at once; kept for the record. Twice: conflict.
  Outcome withdraw(const Actor& actor, const Principal& me, long long id);

  // The outings' consented quotes, newest first, each marked when it was picked already.
  OutingPickPage outing_quotes(long long page);
  // Copies a consented outing quote (by its booking) into the quotes, as a draft: the author becomes
  // « Une personne accompagnée par <relais> », the consent's day that of the feedback. A quote without
  // consent is not found; picked twice: conflict, nothing changed.
  Outcome pick_outing(const Actor& actor, const Principal& me, long long booking_id);

  // The trainees' answers to « citable » questions whose respondents agreed to be quoted without their
  // name, newest week first, each marked when it was picked already.
  TrainingPickPage training_answers(long long page);
  // Copies one into the quotes as a draft: the author « Une personne formée — <programme> », the
  // consent's day the Monday of the response's week (anonymous responses keep no day), the programme
  // set. An answer without consent is not found; picked twice: conflict, nothing changed.
  Outcome pick_training(const Actor& actor, const Principal& me, long long answer_id);

  // This module's demo: quotes of the formation-action culture/social's participants, on the two seed
  // pages; does nothing twice.
  void load_demo(const Actor& actor);

 private:
  Outcome save_picked(const Actor& actor, Quote q);
  Outcome check(soci::session& sql, QuoteInput& in);
  std::string fr(const std::string& key, const web::Params& params = {}) const;

  store::Database& db_;
  audit::Service& audit_;
  const web::Catalogue& catalogue_;
  followup::Service& followup_;
  answers::Service& answers_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::website::quotes
