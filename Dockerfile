# sohoa worker image: Debian packages from the same script as the README, pinned Python deps.
FROM python:3.11-slim-bookworm
WORKDIR /app
COPY scripts/install-debian-packages.sh scripts/
RUN scripts/install-debian-packages.sh runtime && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml constraints.txt README.md prefect.yaml ./
COPY sohoa sohoa
COPY ocr ocr
COPY flows flows
COPY drops drops
COPY pipeline pipeline
COPY review review
COPY training training
COPY classifiers classifiers
COPY storage storage
COPY extraction extraction
COPY samples samples
COPY web web
RUN pip install --no-cache-dir -c constraints.txt .
# One Tesseract thread per worker process; pages run in parallel instead.
ENV OMP_THREAD_LIMIT=1 SOHOA_HOME=/data
VOLUME /data
ENTRYPOINT ["sohoa"]
CMD ["--help"]
