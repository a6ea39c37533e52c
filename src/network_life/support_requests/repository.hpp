// SQL of the support requests (migration 0045, tables life_support_*), and the directory's reads they need.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network_life/support_requests/model.hpp"
#include "platform/core/permissions.hpp"

namespace trame::support_requests {

// The requests a person sees: every one (`all`), else those of these relais and those of these organisers.
struct Visibility {
  bool all = false;
  std::vector<long long> relais, organisers;
};

class Repository {
 public:
  std::optional<Request> find(soci::session& sql, long long id) const;
  // The visible requests, newest first.
  std::vector<Request> list(soci::session& sql, const Visibility& v, long long limit, long long offset) const;
  long long count(soci::session& sql, const Visibility& v) const;
  // The open requests (not closed) of these organisers, oldest first.
  std::vector<Request> open(soci::session& sql, const ActingFor& organisers, long long limit) const;
  long long count_open(soci::session& sql, const ActingFor& organisers) const;
  std::vector<Followup> followups(soci::session& sql, long long request_id) const;

  // Organiser, relais, subject, context, audience, wished period and requested_by; returns the new id.
  long long insert(soci::session& sql, const Request& r, long long now) const;
  // Holds the request's row until the transaction ends (two coordinators' writes one after the other).
  void hold(soci::session& sql, long long id) const;
  // The appointment, unless the request is closed.
  void schedule(soci::session& sql, long long id, long long at, const std::string& place, bool online,
                long long now) const;
  void set_notes(soci::session& sql, long long id, const std::string& notes, long long now) const;
  void insert_followup(soci::session& sql, long long request_id, const std::string& body, long long by,
                       long long now) const;
  void touch(soci::session& sql, long long id, long long now) const;
  // Closed with its outcome and summary, unless it already is.
  void close(soci::session& sql, long long id, const std::string& outcome, const std::string& summary, long long by,
             long long now) const;

  // The social active organisations among these, by name.
  std::vector<Choice> social_structures(soci::session& sql, const std::vector<long long>& ids) const;
  // The active organisations where someone holds one of these roles (the project's own role names), by name.
  std::vector<Choice> with_roles(soci::session& sql, const std::vector<std::string>& roles) const;
  // The e-mails of the enabled people holding one of these roles in the organisation (at most 20).
  std::vector<std::string> emails_with_roles(soci::session& sql, long long organisation_id,
                                             const std::vector<std::string>& roles) const;
  // The organisation of this name, whatever its case (0: none).
  long long organisation_named(soci::session& sql, const std::string& name) const;
  std::string organisation_name(soci::session& sql, long long id) const;
  std::string user_email(soci::session& sql, long long id) const;
};

}  // namespace trame::support_requests
