// CSV import of organisations into the directory: an uploaded file is kept as a batch, previewed
// (every line validated, nothing written), then confirmed once (every row created, or none).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "network/organisations/model.hpp"

namespace trame::directory_import {

struct Batch {
  long long id = 0;
  std::string token;
  long long user_id = 0;
  std::string file_name;
  std::string content;
  long long created_at = 0;
  std::string status = "pending";  // pending, imported
  long long imported_at = 0;
  long long imported_count = 0;
};

// A faulty line: a catalogue key with its parameters ({value}, {line}…).
struct LineError {
  std::size_t line = 0;  // 0: the file as a whole
  std::string key;
  std::vector<std::pair<std::string, std::string>> params;
};

struct Row {
  std::size_t line = 0;
  organisations::Organisation organisation;
};

struct Preview {
  Batch batch;
  std::vector<Row> rows;          // the rows that would be created
  std::vector<LineError> errors;  // sorted by line
};

// The columns of the file, in the order of the template (header names are case- and
// accent-insensitive).
inline const std::vector<std::string>& columns() {
  static const std::vector<std::string> c = {"nom",
                                             "type",
                                             "secteur",
                                             "type_precis",
                                             "siret",
                                             "adresse",
                                             "commune",
                                             "qpv",
                                             "site",
                                             "telephone",
                                             "courriel",
                                             "description",
                                             "accessibilite_moteur",
                                             "accessibilite_visuel",
                                             "accessibilite_auditif",
                                             "accessibilite_mental",
                                             "accessibilite_precisions",
                                             "horaires"};
  return c;
}

}  // namespace trame::directory_import
