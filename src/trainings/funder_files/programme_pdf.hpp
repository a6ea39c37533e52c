// The programme of a training as a funder reads it (a tagged PDF in French): title, objectives,
// competences, audience, prerequisites, duration, modules, teaching and evaluation methods,
// accessibility, price, the session's dates and place, and the organiser's legal lines.
#pragma once
#include <string>
#include <vector>

#include "trainings/programmes/model.hpp"
#include "trainings/training_documents/model.hpp"
#include "platform/web/i18n.hpp"

namespace trame::funder_files {

struct ProgrammeInput {
  const programmes::Programme& programme;
  const std::vector<programmes::Module>& modules;
  const training_documents::SessionInfo& session;
  long long session_minutes = 0;  // the session's half-days summed
  std::vector<std::string> legal_lines;
  long long now = 0;
};

// The PDF's bytes; texts from the catalogue (funder_files.programme.*) in `locale`.
std::string render_programme_pdf(const web::Catalogue& catalogue, const std::string& locale, const ProgrammeInput& in);

}  // namespace trame::funder_files
