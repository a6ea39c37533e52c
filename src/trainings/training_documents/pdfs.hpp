// The PDF of each generated document (A4, docs/pdf.hpp), in French with its typography. Texts come
// from the catalogue (training_documents.pdf.*) through the Text function.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "trainings/training_documents/model.hpp"
#include "platform/web/i18n.hpp"

namespace trame::training_documents {

using Text = std::function<std::string(const std::string& key, const web::Params& params)>;

struct DocumentInput {
  const SessionInfo& session;
  const std::vector<HalfDay>& halfdays;
  const Trainee& trainee;
  const AttendanceMap& attendance;
  long long attended_minutes = 0;
  long long planned_minutes = 0;
  std::string signatory;  // who signs (the manager generating it), "" for a blank line
  long long now = 0;
};

// The PDF bytes of a document of the given kind (convocation, certificate, attestation, hours_statement).
std::string render_document(const std::string& kind, const DocumentInput& in, const Text& text);
// "convocation-<session>-<application>.pdf"
// The file's name, in French after the document and the person, e.g.
// "attestation-de-fin-de-formation-camille-martin-mediation-culturelle.pdf".
std::string document_file_name(const std::string& kind_label, const std::string& trainee, const std::string& training);

}  // namespace trame::training_documents
