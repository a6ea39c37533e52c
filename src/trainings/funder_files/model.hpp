// Plain data of the funders' files: for one trainee and one funder, the documents an OPCO (or France
// Travail, a Région…) asks for before paying, in the order of the archive, and what is missing.
#pragma once
#include <string>
#include <vector>

namespace trame::funder_files {

// The parts of a file, in the archive's order (01-devis… 07-facture…).
inline const std::vector<std::string>& parts() {
  static const std::vector<std::string> v = {"quote",      "programme",   "agreement", "convocation",
                                             "attendance", "certificate", "invoice"};
  return v;
}

// One file of the archive. Documents of the training_documents table are read when their turn comes
// (document_id != 0, data empty until then); the others are held (data).
struct Entry {
  std::string part;  // one of parts()
  std::string name;  // inside the archive, e.g. "05-emargement-2027-03-12-matin.pdf"
  std::string sha256;
  long long size = 0;
  long long created_at = 0;
  long long document_id = 0;
  std::string data;
};

// Something the funder will ask for that is not there yet: its part and, for a sheet, which half-day.
struct Missing {
  std::string part;
  std::string detail;  // "" or e.g. "12/03/2027 (matin)"
};

// A trainee × funder pair of a session: their funding lines for that funder (not refused), summed.
struct FunderLine {
  long long application_id = 0;
  std::string trainee_name;
  std::string application_status;
  std::string funder;       // enrolments::funders()
  std::string funder_name;  // as typed on the line(s), "" when none
  long long amount_cents = 0;
  long long due_cents = 0;
  std::string line_status;  // of the first line: requested, agreed, invoiced, paid
};

// Everything a funder's file holds (the archive's manifest).
struct Manifest {
  FunderLine line;
  long long session_id = 0;
  std::string session_title;
  std::string programme_title;
  std::string organiser_name;
  long long built_at = 0;
  std::vector<Entry> entries;
  std::vector<Missing> missing;
  std::string archive_name;  // "dossier-opco-camille-martin.zip"
};

}  // namespace trame::funder_files
