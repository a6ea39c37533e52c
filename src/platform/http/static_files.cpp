#include "platform/http/static_files.hpp"

#include <sodium.h>

#include <fstream>
#include <sstream>

namespace trame::http {

std::string content_type_for(const std::filesystem::path& path) {
  static const std::unordered_map<std::string, std::string> types = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json"},
      {".html", "text/html; charset=utf-8"},
  };
  auto it = types.find(path.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  if (!fs::exists(root)) return;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    File file;
    file.content = content.str();
    file.content_type = content_type_for(entry.path());
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(file.content.data()), file.content.size());
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    file.etag = std::string(hex, 16);
    files_.emplace(fs::relative(entry.path(), root).generic_string(), std::move(file));
  }
}

Response StaticFiles::serve(const Request& req, const std::string& rel_path) const {
  auto it = files_.find(rel_path);
  if (it == files_.end()) return Response::text("", 404);
  const File& file = it->second;
  Response res;
  std::string etag = "\"" + file.etag + "\"";
  res.set_header("ETag", etag);
  bool fingerprinted = req.query_param("v").value_or("") == file.etag;
  res.set_header("Cache-Control", fingerprinted ? "public, max-age=31536000, immutable" : "public, max-age=300");
  if (req.header("if-none-match") == etag) {
    res.status = 304;
    return res;
  }
  res.set_header("Content-Type", file.content_type);
  res.body = file.content;
  return res;
}

std::string StaticFiles::fingerprint(const std::string& rel_path) const {
  auto it = files_.find(rel_path);
  return it == files_.end() ? std::string() : it->second.etag;
}

}  // namespace trame::http
