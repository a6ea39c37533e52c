// The starter questionnaire of a project's evaluation of its cooperation (Avise: conditions, means,
// results), in plain French: one section per dimension, agreement scales (1–5) and two free texts.
// Copied for a project the first time one of its phases is evaluated, then reused for every phase, so
// that the phases' results compare. Its owner organisation is chosen by the service (docs).
#pragma once
#include <string>

#include <soci/soci.h>

namespace trame::evaluation {

// Creates the questionnaire (published, anonymous, kind 'other') owned by `organisation_id`, titled
// "Évaluation de la coopération — <project title>", INSIDE THE CALLER'S WRITE TRANSACTION. Returns its id.
long long create_starter_questionnaire(soci::session& sql, long long organisation_id, const std::string& project_title,
                                       long long actor_id, long long now);

// The number of questions of the starter (for the tests and the docs).
int starter_question_count();

}  // namespace trame::evaluation
