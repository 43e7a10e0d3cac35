# The Schoolmix server with the built SPA. Used by docker-compose.yml.
FROM node:20-bookworm-slim
RUN npm install -g pnpm@12.4.2
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter @schoolmix/client build
EXPOSE 4000
CMD ["pnpm", "start"]
