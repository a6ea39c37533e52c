// Loading a questionnaire's definition, shared by answers, campaigns, results and impact.
#pragma once
#include <optional>

#include <soci/soci.h>

#include "questionnaires/definitions/model.hpp"

namespace trame::definitions {

// The questionnaire, its sections (by position) and their questions (by position). Archived questions
// are left out unless include_archived (results keep showing answers to them).
std::optional<Definition> load_definition(soci::session& sql, long long questionnaire_id,
                                          bool include_archived = false);
// One line per element of a multi-line field (options, items), trimmed, empty lines dropped.
std::vector<std::string> split_lines(const std::string& text);

}  // namespace trame::definitions
