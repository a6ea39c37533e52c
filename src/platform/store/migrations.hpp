// Numbered schema migrations, one folder per dialect (migrations/sqlite, migrations/postgresql),
// both describing the same schema. Each file is applied once, in its own transaction.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "platform/store/database.hpp"

namespace trame::store {

struct Migration {
  int version = 0;
  std::string name;
  std::filesystem::path file;
};

std::vector<Migration> list_migrations(const std::filesystem::path& root, Engine engine);

// Applies pending migrations; calls progress(applied_one) for each. Returns how many ran.
int migrate(Database& db, const std::filesystem::path& migrations_root,
            const std::function<void(const Migration&)>& progress = {});

}  // namespace trame::store
