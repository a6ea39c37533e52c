// SQL of newsletters and notices (tables life_newsletter*, life_notices), and the recipients' directory reads.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network_life/newsletters/model.hpp"
#include "platform/core/permissions.hpp"

namespace trame::newsletters {

// The delivery an unsubscribe token was issued for.
struct Delivery {
  long long organiser_id = 0, newsletter_id = 0;
  std::string email, organiser_name, subject;
};

// `scope` is the organisers one manages (never none: the service answers that case itself).
class Repository {
 public:
  // ---- Newsletters
  std::optional<Newsletter> find(soci::session& sql, long long id) const;
  // The scope's newsletters, last changed first.
  std::vector<Newsletter> managed(soci::session& sql, const ActingFor& scope, long long limit, long long offset) const;
  long long count_managed(soci::session& sql, const ActingFor& scope) const;
  // The sent newsletters of the public archive, last sent first.
  std::vector<Newsletter> archive(soci::session& sql, long long limit, long long offset) const;
  long long count_archive(soci::session& sql) const;
  // Organiser, subject, body, segments, délégation, year and archive (a draft).
  long long insert(soci::session& sql, const Newsletter& n, long long created_by, long long now) const;
  // The same fields of a draft: false when it is no longer one.
  bool update_draft(soci::session& sql, long long id, const Newsletter& n, long long now) const;
  // The claims of a sending (true when this write moved it to "sent"): now, from a draft or a scheduled
  // one; when due, a scheduled one whose time has come.
  bool claim_now(soci::session& sql, long long id, long long now) const;
  bool claim_due(soci::session& sql, long long id, long long now) const;
  void set_recipients_count(soci::session& sql, long long id, long long count) const;
  // False when it is sent (or gone).
  bool schedule(soci::session& sql, long long id, long long at, long long now) const;
  // False when it is not scheduled.
  bool unschedule(soci::session& sql, long long id, long long now) const;
  // Scheduled newsletters whose time has come, in order (at most 20).
  std::vector<long long> due(soci::session& sql, long long now) const;

  // ---- Recipients and deliveries
  // Active accounts holding a role in an active organisation; the staff of a délégation's active organisations.
  std::vector<Recipient> users_with_role(soci::session& sql, const std::string& role) const;
  std::vector<Recipient> staff_of_delegation(soci::session& sql, long long delegation_id) const;
  bool delegation_exists(soci::session& sql, long long id) const;
  void insert_delivery(soci::session& sql, long long newsletter_id, const Recipient& r, const std::string& token_hash,
                       long long mail_id, long long now) const;
  // The delivery of a token (by its hash) with its newsletter's organiser and subject; the same without
  // the organiser's name, for the unsubscription itself.
  std::optional<Delivery> delivery_seen(soci::session& sql, const std::string& token_hash) const;
  std::optional<Delivery> delivery(soci::session& sql, const std::string& token_hash) const;

  // ---- Unsubscriptions
  std::set<std::string> unsubscribed(soci::session& sql, long long organiser_id) const;
  long long count_unsubscribed(soci::session& sql, long long organiser_id) const;
  bool is_unsubscribed(soci::session& sql, long long organiser_id, const std::string& email) const;
  // Once per organiser and address (a second time changes nothing).
  void unsubscribe(soci::session& sql, const Delivery& d, long long now) const;

  // ---- Notices (current: shown until `today` included)
  std::vector<Notice> managed_notices(soci::session& sql, const ActingFor& scope, const std::string& today,
                                      long long limit, long long offset) const;
  long long count_managed_notices(soci::session& sql, const ActingFor& scope, const std::string& today) const;
  std::vector<Notice> current_notices(soci::session& sql, const std::string& today, long long limit) const;
  // Its organiser and title only.
  std::optional<Notice> notice(soci::session& sql, long long id) const;
  // Organiser, title, body, link, segment, délégation and last day.
  long long insert_notice(soci::session& sql, const Notice& n, long long created_by, long long now) const;
  void delete_notice(soci::session& sql, long long id) const;
};

}  // namespace trame::newsletters
