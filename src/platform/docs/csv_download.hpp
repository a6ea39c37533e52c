// A CSV download streamed from lines already prepared (a byte-order mark first, so that spreadsheets read
// the UTF-8; 200 lines a chunk): figures computed whole, written out without building the file.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/docs/tabular.hpp"
#include "platform/http/message.hpp"

namespace trame::docs {

inline http::Response csv_download(std::shared_ptr<std::vector<std::vector<std::string>>> lines,
                                   const std::string& file_name) {
  http::Response res;
  res.set_header("Content-Type", "text/csv; charset=utf-8");
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  std::size_t next = 0;
  bool bom = false;
  res.next_chunk = [lines = std::move(lines), next, bom]() mutable -> std::optional<std::string> {
    std::string piece;
    if (!bom) {
      bom = true;
      piece = kCsvBom;
    }
    for (int i = 0; i < 200 && next < lines->size(); ++i) piece += csv_line((*lines)[next++]);
    if (piece.empty()) return std::nullopt;
    return piece;
  };
  return res;
}

}  // namespace trame::docs
