// SQL of interventions: offers, requests and their conditional state changes (each UPDATE names the
// state it leaves, so that two people acting at once cannot both win: the second changes no row).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network_life/interventions/model.hpp"
#include "platform/store/id_list.hpp"

namespace trame::interventions {

struct OrgChoice {
  long long id = 0;
  std::string name, address;
};

class Repository {
 public:
  std::optional<Offer> offer(soci::session& sql, long long id) const;
  // Offers, published ones only unless `organisers` (managed) lists some: their unpublished too.
  std::vector<Offer> offers(soci::session& sql, const std::vector<long long>& managed, bool all) const;
  long long insert_offer(soci::session& sql, const Offer& o, long long now) const;
  void update_offer(soci::session& sql, const Offer& o, long long now) const;
  long long offer_by_title(soci::session& sql, long long organiser_id, const std::string& title) const;

  std::optional<Request> find(soci::session& sql, long long id) const;
  // The requests matching the filter, in that order (created_at for newest/oldest, starts_at for
  // soonest/latest, then id).
  std::vector<Request> requests(soci::session& sql, const RequestFilter& f, RequestOrder order, int limit,
                                int offset) const;
  long long count(soci::session& sql, const RequestFilter& f) const;
  long long insert(soci::session& sql, const Request& r, long long now) const;

  bool decide_schedule(soci::session& sql, long long id, const std::string& status, long long starts_at,
                       long long ends_at, const std::string& note, long long by, long long now) const;
  bool decline(soci::session& sql, long long id, const std::string& reason, long long by, long long now) const;
  bool confirm(soci::session& sql, long long id, long long now) const;
  bool cancel(soci::session& sql, long long id, const std::string& reason, long long by, long long now) const;
  bool set_attendance(soci::session& sql, long long id, const Request& counts, long long now) const;
  bool set_team_feedback(soci::session& sql, long long id, const std::string& text, long long now) const;
  // Scheduled requests starting in (now, until] whose reminder is not sent (soonest first).
  std::vector<long long> due_reminders(soci::session& sql, long long now, long long until, int limit) const;
  // Claims the reminder (false: already sent, or no longer scheduled).
  bool claim_reminder(soci::session& sql, long long id, long long now) const;
  bool set_satisfaction(soci::session& sql, long long id, long long value, const std::string& comment,
                        long long now) const;

  // The directory's active organisations (the place of a request).
  std::vector<OrgChoice> directory(soci::session& sql, int limit) const;
  std::optional<OrgChoice> organisation(soci::session& sql, long long id) const;
  long long organisation_by_name(soci::session& sql, const std::string& name) const;
  long long user_by_email(soci::session& sql, const std::string& email) const;
};

}  // namespace trame::interventions
