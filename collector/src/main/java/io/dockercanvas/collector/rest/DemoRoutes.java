package io.dockercanvas.collector.rest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's scene selector: {@code GET /api/v1/demo/scenes} lists the recorded scenes and the one
 * playing, {@code POST /api/v1/demo/scene?name=N} switches to another. 404 on a collector that is
 * not a demo (nothing offered).
 */
public final class DemoRoutes {

  private final AtomicReference<DemoScenesApi> scenes = new AtomicReference<>();

  /** From now on these paths answer with what {@code api} says. */
  public void offer(DemoScenesApi api) {
    scenes.set(api);
  }

  void mount(Router router) {
    router.get("/api/v1/demo/scenes").handler(this::list);
    router.post("/api/v1/demo/scene").handler(this::select);
  }

  private void list(RoutingContext ctx) {
    DemoScenesApi api = scenes.get();
    if (api == null) {
      ApiRoutes.error(ctx, 404, "not a demo: this collector replays no recorded scenes");
      return;
    }
    ApiRoutes.json(ctx, 200, describe(api).encode());
  }

  private void select(RoutingContext ctx) {
    DemoScenesApi api = scenes.get();
    if (api == null) {
      ApiRoutes.error(ctx, 404, "not a demo: this collector replays no recorded scenes");
      return;
    }
    String name = ctx.request().getParam("name");
    if (name == null || name.isBlank()) {
      ApiRoutes.error(
          ctx, 400, "name: which scene? e.g. POST /api/v1/demo/scene?name=" + first(api));
      return;
    }
    if (!api.select(name)) {
      ApiRoutes.error(
          ctx,
          400,
          "name: no scene '"
              + name
              + "'; the scenes are "
              + String.join(", ", api.scenes().stream().map(DemoScenesApi.Scene::name).toList()));
      return;
    }
    ApiRoutes.json(ctx, 202, describe(api).encode());
  }

  static JsonObject describe(DemoScenesApi api) {
    JsonArray list = new JsonArray();
    for (DemoScenesApi.Scene scene : api.scenes()) {
      list.add(
          new JsonObject()
              .put("name", scene.name())
              .put("title", scene.title())
              .put("description", scene.description()));
    }
    return new JsonObject().put("current", api.current()).put("scenes", list);
  }

  private static String first(DemoScenesApi api) {
    return api.scenes().isEmpty() ? "NAME" : api.scenes().get(0).name();
  }
}
