#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network/partnerships/model.hpp"

namespace trame::partnerships {

class Repository {
 public:
  long long insert(soci::session& sql, const Partnership& p, long long created_by);
  std::optional<Partnership> find(soci::session& sql, long long id);
  // Saves the editable details (dates, contact, notes) and updated_at.
  void update_details(soci::session& sql, const Partnership& p);
  // Moves from one status to another only if the row still has `from`; false when it changed meanwhile.
  bool change_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                     const std::string& end_date, long long now);
  // Records the charter's signature only if none is recorded yet; false otherwise.
  bool sign_charter(soci::session& sql, long long id, const std::string& date, long long recorded_by,
                    const std::string& recorded_label, long long now);
  std::vector<Partnership> search(soci::session& sql, const Filter& f, long long offset, long long limit);
  long long count(soci::session& sql, const Filter& f);
  // A partnership of the same kind between the same two organisations (either way); with open_only,
  // one that is not ended.
  bool exists_between(soci::session& sql, long long a, long long b, const std::string& kind, bool open_only);

  void insert_event(soci::session& sql, const Event& e, const std::string& actor_label);
  std::vector<Event> events(soci::session& sql, long long partnership_id);

  // Active organisations, by name, for the creation form.
  std::vector<OrganisationChoice> organisation_choices(soci::session& sql);
  // The organisation's name when it exists and is active.
  std::optional<std::string> active_organisation_name(soci::session& sql, long long id);

  long long insert_document(soci::session& sql, const Document& d);
  // Sets deleted on a live document of the partnership; false when there is none.
  bool mark_document_deleted(soci::session& sql, long long partnership_id, long long document_id, long long by,
                             long long now, std::string& file_name);
  std::vector<Document> documents(soci::session& sql, long long partnership_id);
  std::optional<Document> document(soci::session& sql, long long partnership_id, long long document_id);
  std::vector<OrganisationChoice> find_organisations(soci::session& sql, const std::string& folded_pattern,
                                                     long long limit);
  long long count_organisations(soci::session& sql, const std::string& folded_pattern);
  std::vector<OrganisationChoice> organisations_named(soci::session& sql, const std::string& name);
  std::optional<OrganisationChoice> organisation_choice(soci::session& sql, long long id);

  bool has_signed_charter(soci::session& sql, long long organisation_id, const std::string& today);

  // Social-relay partnerships started between from and to (inclusive ISO dates) in the given statuses.
  long long count_social_started(soci::session& sql, const std::string& from, const std::string& to, bool established);
  std::vector<DelegationCount> social_started_by_delegation(soci::session& sql, const std::string& from,
                                                            const std::string& to);
};

}  // namespace trame::partnerships
