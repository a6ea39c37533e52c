// A stored document's file as other modules hand it over (the funders' files put them in a ZIP).
#pragma once
#include <string>

namespace trame::training_documents {

struct StoredFile {
  std::string kind;       // quote, agreement, contract, invoice, credit_note, convocation, certificate, sheet…
  std::string file_name;  // what it is called inside the archive, e.g. "devis-D2026-0003-v2.pdf"
  std::string data;       // the bytes (PDF)
  std::string sha256;     // hex
  long long created_at = 0;
};

}  // namespace trame::training_documents
