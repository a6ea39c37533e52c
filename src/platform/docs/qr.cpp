#include "platform/docs/qr.hpp"

#include <qrencode.h>

#include "platform/core/text.hpp"

namespace trame::docs {

std::string qr_svg(const std::string& text, const std::string& title, int module_px) {
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return {};
  const int quiet = 4;
  const int size = code->width + 2 * quiet;
  std::string path;
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)
        path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
  QRcode_free(code);
  std::string px = std::to_string(size * module_px);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + px + "\" height=\"" + px +
         "\" viewBox=\"0 0 " + std::to_string(size) + " " + std::to_string(size) +
         "\" shape-rendering=\"crispEdges\"><title>" + xml_escape(title) +
         "</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace trame::docs
