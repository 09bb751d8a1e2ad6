# One image for the app, every worker and the two local sandboxes (the command differs per service
# in docker-compose.yml).
# Reflex 0.10.1 needs Node >= 22.22.0 (reflex_base/constants/installer.py, Node.MIN_VERSION); Debian
# bookworm's nodejs is 18, so Node comes from the official image.
ARG NODE_VERSION=22.22
FROM node:${NODE_VERSION}-bookworm-slim AS node

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    REFLEX_TELEMETRY_ENABLED=false REFLEX_CHECK_LATEST_VERSION=false
RUN apt-get update && apt-get install -y --no-install-recommends unzip curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
    && node --version && npm --version
WORKDIR /app
# The same pins as a local install: the full transitive set in constraints.txt.
COPY requirements.txt requirements-devstack.txt constraints.txt ./
RUN pip install -r requirements.txt -r requirements-devstack.txt -c constraints.txt
COPY . .
EXPOSE 3000
# Inside a container 127.0.0.1 is unreachable from the host and the other services: bind all.
ENV APP_HOST=0.0.0.0
CMD ["reflex", "run", "--env", "prod", "--frontend-port", "3000", "--backend-port", "8000", \
     "--backend-host", "0.0.0.0"]
