// The library of questionnaire templates shipped in French (organisation_id NULL, is_template = 1,
// one per template_key), and copying a questionnaire (a template or any other) into an organisation.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "questionnaires/definitions/model.hpp"

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

// The objective key of a placeholder question expanded per trainer of a session when a sending goes
// for a session (copy_for_session; keys 'trn-1', 'trn-2'…); one general question otherwise.
inline constexpr const char* kTrainerPlaceholder = "trn-*";

// Whether an objective key stands for the training's objectives: the placeholder "obj-*" or an
// expanded "obj-<n>".
bool is_objective_key(const std::string& key);

// The questions of one section of a questionnaire copied for a session (pure): when `objectives` is not
// empty, the first objective question (is_objective_key) becomes one question per objective (label =
// the objective, keys 'obj-1'… in order, help cleared) and the section's other objective questions are
// dropped; when `trainers` is not empty, every trainer placeholder becomes one question per trainer
// (label = the name, keys 'trn-1'…). Every output question keeps the id of the source question it comes
// from (several share it after an expansion: the first is its anchor); a dropped question's id maps, in
// *dropped, to the id of the anchor replacing it (conditions pointing to it are remapped there).
std::vector<Question> expand_for_session(const std::vector<Question>& section,
                                         const std::vector<std::string>& objectives,
                                         const std::vector<std::string>& trainers,
                                         std::map<long long, long long>* dropped);

// A published copy of questionnaire `source_id` for one training session (questionnaires.session_id
// set, so that no other session picks it; same organisation, programme and anonymity; title
// "<source> — <session>") with its objective questions replaced by the session's `objectives` and its
// trainer placeholders by its `trainers` (expand_for_session). Returns source_id itself when there is
// nothing to expand. Call it inside a write transaction.
long long copy_for_session(soci::session& sql, long long source_id, long long session_id,
                           const std::string& session_title, const std::vector<std::string>& objectives,
                           const std::vector<std::string>& trainers, long long now);

// copy_questionnaire without a programme, every block placeholder of the source becoming one question
// per label of `blocks` (a certification's competence blocks, "BC01 — title"), in order.
long long copy_for_blocks(soci::session& sql, long long source_id, long long organisation_id,
                          const std::vector<std::string>& blocks, long long actor_id, long long now);

}  // namespace trame::definitions
