// Quotes (devis) for a trainee or their employer, from the programme's price, with a validity date;
// versioned, hashed, sent through the outbox; accepted online by a link (no account) or marked accepted by staff.
// Rules and decisions: docs/trainings/quotes.md.
#pragma once
#include <optional>
#include <string>
#include <vector>
#include <soci/soci.h>
#include "trainings/training_documents/stored_file.hpp"

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "trainings/programmes/access.hpp"
#include "trainings/quotes/model.hpp"
#include "trainings/quotes/repository.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::quotes {

// A quote as its page shows it: the quote, its versions (newest first), the proof of each sending.
struct QuoteView {
  Quote quote;
  std::vector<Version> versions;
  std::vector<std::optional<mail::Message>> proofs;  // versions[i]'s outbox row (without its bytes' use)
  std::string accepted_by_name;
};

// What the public link shows: the quote and the version the party reads (the newest one sent).
struct PublicView {
  Quote quote;
  Version shown;
  Version current;  // the newest version (may be newer than `shown`: not yet sent)
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  static constexpr long long kPerPage = 20;

  std::optional<programmes::SessionAccess> access(const Principal* me, long long session_id);
  // The applications of the session a quote may be made for.
  std::vector<Applicant> applicants(long long session_id);
  std::optional<Training> training(long long session_id);
  std::vector<Quote> of_session(long long session_id, long long page, long long& total);

  // A manager of the session makes a quote (version 1, draft). Outcome.id: the quote's id.
  Outcome make(const Actor& actor, const Principal& me, long long session_id, const QuoteInput& in);
  // A new version of a quote not accepted, declined nor cancelled (it becomes a draft to send again).
  Outcome revise(const Actor& actor, const Principal& me, long long quote_id, const QuoteInput& in);
  // Sends the current version to the party (outbox, PDF attached, a link to accept online).
  Outcome send(const Actor& actor, const Principal& me, long long quote_id);
  Outcome cancel(const Actor& actor, const Principal& me, long long quote_id);
  // Staff record an acceptance (signed on paper): the day it was signed (not in the future); after the
  // validity date only with a note saying why.
  Outcome mark_accepted(const Actor& actor, const Principal& me, long long quote_id, const std::string& day,
                        const std::string& note);

  // The quote when `me` manages its session (nullopt: missing or not theirs, the same answer).
  std::optional<QuoteView> view(const Principal& me, long long quote_id);
  std::optional<Version> version_pdf(const Principal& me, long long quote_id, long long number);
  void record_download(const Actor& actor, long long quote_id, const Version& v);

  // ---- The party's link (no account)
  std::optional<PublicView> by_token(const std::string& token);
  std::optional<Version> public_pdf(const std::string& token);
  // The party accepts the version they were shown (its sha256 in `shown_sha256`).
  Outcome accept_online(const Actor& actor, const std::string& token, const std::string& name, bool agreed,
                        const std::string& shown_sha256);
  Outcome decline_online(const Actor& actor, const std::string& token, const std::string& reason);

  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Sent quotes past their validity day (Paris) become expired, once each; returns how many.
  long long run_due(long long now);

 private:
  // The version built from the input (lines, totals, PDF), or a refusal thrown with refuse().
  Version build(soci::session& sql, const Quote& q, const Training& t, const Applicant& a, const QuoteInput& in,
                long long version, long long actor_id, long long now);
  long long send_in(soci::session& sql, const Actor& actor, const Quote& q, long long now);
  // The quote when `me` manages its session (nullptr: the system, for the demo data).
  std::optional<Quote> managed(soci::session& sql, const Principal* me, long long quote_id);
  Outcome make_at(const Actor& actor, long long session_id, const QuoteInput& in, long long now);
  Outcome revise_at(const Actor& actor, const Principal* me, long long quote_id, const QuoteInput& in, long long now);
  Outcome send_at(const Actor& actor, const Principal* me, long long quote_id, long long now);
  Outcome accept_in(soci::session& sql, const Actor& actor, long long quote_id, const std::string& name,
                    const std::string& shown_sha256, const std::string& day, const std::string& note, long long now);

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

// The quotes of an application for its funders' files: the latest version of each quote, accepted ones
// first (empty when none).
std::vector<training_documents::StoredFile> files_for(soci::session& sql, long long application_id);

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::quotes
