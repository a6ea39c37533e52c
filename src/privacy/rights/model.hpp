// People's rights (docs/privacy.md « Rights »): what Trame holds about a signed-in person, their requests
// for rectification or erasure, and what an erasure kept and why.
#pragma once
#include <string>
#include <vector>

namespace trame::privacy::rights {

// A request's life: received → in_progress → done | refused (also received → done | refused). Only
// these moves are allowed (see allowed_move in rules.hpp).
struct Request {
  long long id = 0;
  long long user_id = 0;
  std::string kind;  // rectification | erasure
  std::string message;
  std::string status;  // received | in_progress | done | refused
  long long received_at = 0;
  long long due_at = 0;       // one month after receipt (GDPR art. 12(3)), three once extended
  long long extended_at = 0;  // when the deadline was extended by two months (0: never)
  std::string extension_reason;
  std::string answer;
  std::string refusal_reason;
  long long handled_by = 0;
  long long handled_at = 0;
  std::string person_name;  // the account's current name and e-mail (anonymised after an erasure)
  std::string person_email;
};

// A table's rows about a person: its columns and their values as text.
struct TableRows {
  std::string table;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// A column that holds a user's id (a foreign key to users), found in the schema.
struct PersonLink {
  std::string table;
  std::string column;
};

// What an erasure did: per table the rows changed; the tables kept by law.
struct ErasureReport {
  long long rows_changed = 0;
  std::vector<std::string> changed_tables;
  std::vector<std::string> kept_tables;  // those holding rows about the person, left as they were
};

}  // namespace trame::privacy::rights
