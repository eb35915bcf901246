"""PDFs fetch nothing from outside: no local file, no address on any network."""

import ast
import base64
import http.server
import io
import struct
import threading
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from doorstep.core.pdf import _static_file, pdf_bytes


def png() -> bytes:
    """A one-pixel red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def images(pdf: bytes) -> int:
    count = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        count += sum(1 for name in xobjects if xobjects[name].get_object()["/Subtype"] == "/Image")
    return count


@pytest.fixture
def web_server():
    """A server on this machine that notes every request it is sent."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            body = png() if self.path.endswith(".png") else b"body { background: red }"
            self.send_response(200)
            self.send_header("Content-Type", "image/png" if self.path.endswith(".png") else "text/css")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def test_a_pdf_reads_no_local_file_and_reaches_no_address(tmp_path, web_server):
    base, asked = web_server
    picture = tmp_path / "secret.png"
    picture.write_bytes(png())
    stylesheet = tmp_path / "secret.css"
    stylesheet.write_text("body { background: red }")
    html = f"""<html><head>
      <link rel="stylesheet" href="{base}/internal.css">
      <link rel="stylesheet" href="file://{stylesheet}">
      <style>@import url("{base}/imported.css");</style>
    </head><body>
      <p>Hello</p>
      <img src="file://{picture}"><img src="{base}/internal.png">
    </body></html>"""
    pdf = pdf_bytes(html=html)
    assert pdf.startswith(b"%PDF")
    assert asked == []
    assert images(pdf) == 0


def test_a_pdf_shows_inline_data(db):
    inline = base64.b64encode(png()).decode()
    assert images(pdf_bytes(html=f'<img src="data:image/png;base64,{inline}">')) == 1


def test_only_doorstep_static_files_on_its_own_address(settings):
    settings.SITE_URL = "https://petitions.example.org"
    assert _static_file("https://petitions.example.org/static/doorstep/doorstep.css").name == "doorstep.css"
    for url in (
        "http://petitions.example.org/static/doorstep/doorstep.css",
        "https://elsewhere.example.org/static/doorstep/doorstep.css",
        "https://petitions.example.org/static/../settings.py",
        "https://petitions.example.org/static/%2e%2e/%2e%2e/etc/passwd",
        "https://petitions.example.org/static//etc/passwd",
        "https://petitions.example.org/media/reply.pdf",
        "https://petitions.example.org/static/doorstep/missing.css",
    ):
        assert _static_file(url) is None, url


def test_every_pdf_is_made_through_core_pdf():
    """Only doorstep/core/pdf.py calls WeasyPrint, so every PDF has its fetcher."""
    root = Path(__file__).resolve().parents[2] / "doorstep"
    importers = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(name.split(".")[0] == "weasyprint" for name in names):
                importers.append(str(path.relative_to(root)))
    assert sorted(set(importers)) == ["core/pdf.py"]
