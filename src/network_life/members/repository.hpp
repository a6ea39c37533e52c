// SQL of the members module (life_memberships), the same on both engines.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network_life/members/model.hpp"

namespace trame::members {

struct Person {
  long long user_id = 0;
  std::string name, email;
};
struct OrganisationRef {
  long long id = 0;
  std::string name, kind;
};

class Repository {
 public:
  std::optional<Membership> find(soci::session& sql, long long id) const;
  std::optional<Membership> of(soci::session& sql, long long organiser_id, long long organisation_id,
                               long long year) const;
  // The list: organisers covered (empty + all: every one), filters, newest year first then name.
  std::vector<Membership> search(soci::session& sql, bool all, const std::vector<long long>& organisers,
                                 const Filter& f, long long limit, long long offset) const;
  long long count(soci::session& sql, bool all, const std::vector<long long>& organisers, const Filter& f) const;
  // An organisation's memberships (every network), newest year first.
  std::vector<Membership> of_organisation(soci::session& sql, long long organisation_id) const;
  // Memberships with a status in a year (every organiser), by organisation name.
  std::vector<Membership> with_status(soci::session& sql, long long year, const std::string& status) const;
  long long insert(soci::session& sql, const Membership& m, long long now) const;
  // Changes applied → member|refused; false when it was no longer applied.
  bool decide(soci::session& sql, long long id, const std::string& status, const std::string& reason,
              const std::string& day, long long by, long long now) const;
  void set_fee(soci::session& sql, long long id, long long cents, const std::string& day, const std::string& means,
               long long now) const;
  void set_contact(soci::session& sql, long long id, long long user_id, long long now) const;
  // The reminder's claim: true for the one writer that set it.
  bool claim_reminder(soci::session& sql, long long id, long long now) const;
  // member → lapsed; false when it was no longer member.
  bool lapse(soci::session& sql, long long id, const std::string& day, long long now) const;
  // Members before `year` not renewed the year after (id, organiser, organisation and year only), at most 500.
  std::vector<Membership> not_renewed_before(soci::session& sql, long long year) const;
  // The year's members with no next year's membership and no reminder yet, at most 500.
  std::vector<long long> to_remind(soci::session& sql, long long year) const;

  // The organisations member (or lapsed) in a year, in any network, by name (no kind).
  std::vector<OrganisationRef> members_in(soci::session& sql, long long year) const;
  bool is_member(soci::session& sql, long long organisation_id, long long year) const;

  std::optional<OrganisationRef> organisation(soci::session& sql, long long id) const;
  // Active organisations by name (the managers' form).
  std::vector<OrganisationRef> organisations(soci::session& sql) const;
  // The organisers that already have memberships.
  std::vector<OrganisationRef> organisers(soci::session& sql) const;
  // The organisations carrying a partnership whose partner is this organisation (its networks).
  std::vector<OrganisationRef> partnership_heads(soci::session& sql, long long organisation_id) const;
  // Enabled users holding a staff role in the organisation.
  std::vector<Person> staff(soci::session& sql, long long organisation_id) const;
  bool is_staff(soci::session& sql, long long user_id, long long organisation_id) const;
  // The date the organisation signed the charter in an active or ended partnership ('' : never).
  std::string charter_signed_on(soci::session& sql, long long organisation_id) const;
  std::optional<Person> user(soci::session& sql, long long user_id) const;
};

}  // namespace trame::members
