// Static assets (CSS, JS, images), loaded once at start into memory. Each file has a
// strong ETag (a content hash); a request carrying the matching ?v= fingerprint is cached
// for a year. Only files present at start are served, so no path can escape the folder.
#pragma once
#include <filesystem>
#include <string>
#include <unordered_map>

#include "platform/http/message.hpp"

namespace trame::http {

class StaticFiles {
 public:
  explicit StaticFiles(const std::filesystem::path& root);
  // rel_path is relative to the root, e.g. "css/trame.css".
  Response serve(const Request& req, const std::string& rel_path) const;
  // The fingerprint to append as ?v=... to a file's URL, or "" if the file is unknown.
  std::string fingerprint(const std::string& rel_path) const;
  bool contains(const std::string& rel_path) const { return files_.count(rel_path) > 0; }

 private:
  struct File {
    std::string content;
    std::string content_type;
    std::string etag;  // hex hash, without quotes
  };
  std::unordered_map<std::string, File> files_;
};

std::string content_type_for(const std::filesystem::path& path);

}  // namespace trame::http
