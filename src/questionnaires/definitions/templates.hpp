// The library of questionnaire templates shipped in French (organisation_id NULL, is_template = 1,
// one per template_key), and copying a questionnaire (a template or any other) into an organisation.
#pragma once
#include <string>
#include <vector>

#include <soci/soci.h>

namespace trame::definitions {

// The keys of the shipped templates, in the library's order.
const std::vector<std::string>& template_keys();
// Creates the shipped templates that do not exist yet (idempotent through the unique template_key).
// Call it inside a write transaction.
void ensure_templates(soci::session& sql, long long now);
// The id of the shipped template with this key (0 when absent).
long long template_id(soci::session& sql, const std::string& key);
// Copies a questionnaire (sections, live questions, conditions remapped to the new question ids) into
// an organisation as a draft with source_id set. With a programme (programme_id != 0), its title is
// appended to the copy's title ("Satisfaction — <programme>") and every placeholder question of the
// source (objective "obj-*") becomes one scale question per objective of the programme
// (training_programmes.objectives, one per line) with objective keys 'obj-1', 'obj-2'… (positioning,
// follow-up). Without a programme a placeholder is copied as one general question. Returns the new id.
// Call it inside a write transaction; the caller checks that organisation and programme belong together.
long long copy_questionnaire(soci::session& sql, long long source_id, long long organisation_id, long long programme_id,
                             long long actor_id, long long now);

// The objective key of a placeholder question, expanded per objective when copied for a programme.
inline constexpr const char* kObjectivePlaceholder = "obj-*";
// The objective key of a placeholder question expanded per competence block when copied for a
// certification (copy_for_blocks; keys 'blk-1', 'blk-2'…); copied as one general question otherwise.
inline constexpr const char* kBlockPlaceholder = "blk-*";

// copy_questionnaire without a programme, every block placeholder of the source becoming one question
// per label of `blocks` (a certification's competence blocks, "BC01 — title"), in order.
long long copy_for_blocks(soci::session& sql, long long source_id, long long organisation_id,
                          const std::vector<std::string>& blocks, long long actor_id, long long now);

}  // namespace trame::definitions
