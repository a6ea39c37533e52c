// SQL of decisions: types, decisions, options, ballots and their values.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "cooperation/decisions/model.hpp"

namespace trame::decisions {

class Repository {
 public:
  std::vector<Type> types(soci::session& sql) const;
  std::optional<Type> type(soci::session& sql, const std::string& code) const;

  std::optional<Decision> decision(soci::session& sql, long long id) const;
  // The project's decisions: `closed` false → open ones (closing soonest first), true → closed and
  // cancelled (newest first); a page of them.
  std::vector<Decision> page(soci::session& sql, long long project_id, bool closed, long long offset,
                             long long limit) const;
  long long count(soci::session& sql, long long project_id, bool closed) const;
  std::vector<Decision> of_project(soci::session& sql, long long project_id) const;
  // `salt`: the key of anonymous ballots' voter keys ('' for named votes).
  long long insert(soci::session& sql, const Decision& d, const std::string& salt) const;
  std::string salt(soci::session& sql, long long id) const;
  // open → closed (closed_by 0: at its date); false when it was not open. Anonymous ballots lose
  // their voter key and the decision its salt.
  bool close(soci::session& sql, long long id, long long by, long long now) const;
  // Holds an open decision's row until the transaction ends (a vote waits for a closing under way);
  // false when it is no longer open.
  bool hold_open(soci::session& sql, long long id) const;
  void set_outcome(soci::session& sql, const Decision& d) const;
  bool cancel(soci::session& sql, long long id, long long now) const;
  // Open decisions whose closing time came.
  std::vector<long long> due_to_close(soci::session& sql, long long now) const;
  // Closed decisions with an outcome whose review day came (today or before) and not yet reminded.
  std::vector<long long> due_for_review(soci::session& sql, const std::string& today) const;
  // Marks the reminder sent; false when another run did it first.
  bool mark_reviewed(soci::session& sql, long long id, long long now) const;

  std::vector<Option> options(soci::session& sql, long long decision_id) const;
  void insert_option(soci::session& sql, const Option& o) const;

  std::optional<Ballot> ballot_of(soci::session& sql, long long decision_id, const std::string& voter_key) const;
  std::optional<Ballot> ballot(soci::session& sql, long long id) const;
  // Every ballot of a decision, with its values (names only for named ballots).
  std::vector<Ballot> ballots(soci::session& sql, long long decision_id) const;
  // Inserts or replaces this voter's ballot (and its values); the ballot's id.
  long long save_ballot(soci::session& sql, long long decision_id, const std::string& voter_key, const Ballot& b,
                        long long now) const;
  bool resolve(soci::session& sql, long long ballot_id, long long now) const;

  // The people who may vote (facilitators and members) and everyone of the project (e-mails).
  long long eligible(soci::session& sql, long long project_id) const;
  struct Recipient {
    long long user_id = 0;
    std::string name, email;
  };
  std::vector<Recipient> members(soci::session& sql, long long project_id) const;

  // Meetings of the project (cooperation_meetings, when the meetings module's table exists).
  bool has_meetings(soci::session& sql) const;
  std::vector<std::pair<long long, std::string>> meetings(soci::session& sql, long long project_id) const;
};

}  // namespace trame::decisions
