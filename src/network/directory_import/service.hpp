// CSV import of organisations: upload (kept as a batch), preview (validated, nothing written),
// confirmation (every row created in one transaction, or none; a batch is imported once).
#pragma once
#include <optional>
#include <string>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "network/directory_import/repository.hpp"
#include "network/organisations/service.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
}

namespace trame::directory_import {

// Reads a file into rows and line errors (csv errors, header, type, sector, yes/no values),
// without touching the database. Exposed for tests and the fuzz target.
void parse(const std::string& content, std::vector<Row>& rows, std::vector<LineError>& errors);

// The template file offered for download (UTF-8 with a BOM, ';' separated).
std::string template_csv();

class Service {
 public:
  Service(store::Database& db, organisations::Service& organisations, audit::Service& audit)
      : db_(db), organisations_(organisations), audit_(audit) {}

  // Keeps an uploaded file. On success, token is set. Failures: an empty or non-UTF-8 file.
  Outcome upload(const Actor& actor, const std::string& file_name, const std::string& content, std::string& token);
  // The batch of that token, as its uploader (or an administrator) sees it, validated line by line.
  // With a scope, a row whose commune lies outside it is a line error.
  std::optional<Preview> preview(const std::string& token, long long user_id, bool is_admin,
                                 const organisations::Scope& scope = organisations::Scope::all());
  // Creates the rows of a previewed batch, all or none. On failure, preview.errors says why
  // ("directory_import.errors.has_errors"), or the batch was already imported
  // ("directory_import.errors.already_imported"). On success, Outcome::id is the number created.
  Outcome confirm(const Actor& actor, Preview& preview,
                  const organisations::Scope& scope = organisations::Scope::all());
  organisations::Scope scope(const Principal& me) { return organisations_.scope(me); }

 private:
  void validate(Preview& p, bool dry_run, const Actor* actor, Outcome* result, const organisations::Scope& scope);
  store::Database& db_;
  organisations::Service& organisations_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::directory_import
