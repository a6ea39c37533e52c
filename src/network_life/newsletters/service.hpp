// Newsletters (/communication): segments, markdown with preview, sent through the outbox with a
// one-click unsubscribe (RFC 8058), an archive page; notices shown on dashboards until a date.
// (Skeleton wired by the lead; the module's helper writes the rest.)
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "network/organisations/service.hpp"
#include "network_life/members/service.hpp"
#include "network_life/volunteering/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "network_life/newsletters/model.hpp"
#include "network_life/newsletters/repository.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::newsletters {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, organisations::Service& organisations, members::Service& members,
          volunteering::Service& volunteering)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        organisations_(organisations),
        members_(members),
        volunteering_(volunteering) {}

  static constexpr long long kPerPage = 20;
  // Failed unsubscribe tokens allowed per address and window (guessing is pointless with 192 random
  // bits; the limit keeps a scanner from loading the database).
  static constexpr long long kBadTokensPerIp = 20;
  static constexpr long long kBadTokenWindow = 600;

  // The one rule of who manages an organiser's newsletters and notices.
  bool may_manage(const Principal& me, long long organiser_id) const;
  // The organisations `me` may write for (value, name), and the délégations to choose from.
  std::vector<std::pair<long long, std::string>> organiser_choices(const Principal& me);
  std::vector<std::pair<long long, std::string>> delegation_choices();

  // Newsletters of the organisers `me` manages, newest first.
  std::vector<Newsletter> managed(const Principal& me, long long page, long long& total);
  // The sent newsletters readable by anyone, newest first.
  std::vector<Newsletter> archive(long long page, long long& total);
  // A newsletter `me` may read (nullptr: anonymous): its manager, or anyone once sent and public.
  std::optional<Newsletter> readable(const Principal* me, long long id);
  Outcome create(const Actor& actor, const Principal& me, const NewsletterInput& in);
  Outcome update(const Actor& actor, const Principal& me, long long id, const NewsletterInput& in);
  // The recipients it would be sent to now: deduplicated by e-mail, unsubscribed people excluded.
  std::vector<Recipient> recipients(const Newsletter& n);
  // Sends it now (claimed in the write: sent once whatever the clicks), or at a local date and time.
  Outcome send_now(const Actor& actor, const Principal& me, long long id);
  Outcome schedule(const Actor& actor, const Principal& me, long long id, const std::string& when);
  Outcome unschedule(const Actor& actor, const Principal& me, long long id);
  // How many people unsubscribed from an organiser's newsletters.
  long long unsubscribed_count(long long organiser_id);

  // The unsubscribe link of an e-mail (no login). A token that was not issued: not_found, nothing
  // changed; too many bad tokens from this address: limited.
  struct TokenView {
    Outcome outcome;
    std::string organiser_name;
    std::string subject;
    bool already = false;
  };
  TokenView check_token(const std::string& ip, const std::string& token);
  Outcome unsubscribe(const std::string& ip, const std::string& token);

  // Notices: created by a manager for one segment, shown on dashboards until their day.
  Outcome create_notice(const Actor& actor, const Principal& me, const NoticeInput& in);
  Outcome delete_notice(const Actor& actor, const Principal& me, long long id);
  std::vector<Notice> managed_notices(const Principal& me, long long page, long long& total);
  // The current notices for the segments `me` belongs to.
  std::vector<Notice> notices_for(const Principal& me, long long now);

  // The rendered HTML (safe mode) and the plain text of a markdown body.
  static std::string html_of(const std::string& markdown);
  static std::string text_of(const std::string& markdown);
  std::string t(const std::string& key, const web::Params& params = {}) const;
  std::string public_url() const { return public_url_; }

  // This module's part of the seed's demo (seed 004, 2023–2024); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders…); returns how many things it did.
  long long run_due(long long now);

 private:
  Outcome validate(soci::session& sql, const Principal& me, const NewsletterInput& in, Newsletter& out);
  Outcome deliver(const Actor& actor, long long id, long long now, bool due_only);
  std::vector<Recipient> gather(soci::session& sql, const Newsletter& n, const std::vector<Recipient>& members,
                                const std::vector<Recipient>& volunteers);
  std::vector<Recipient> outside_contacts(const Newsletter& n, std::vector<Recipient>& volunteers);
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  organisations::Service& organisations_;
  members::Service& members_;
  volunteering::Service& volunteering_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::newsletters
