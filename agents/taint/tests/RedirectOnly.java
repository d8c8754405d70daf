import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {
    @GetMapping("/login/done")
    String done(@RequestParam String next) {
        // ruleid: S009
        return "redirect:" + next;
    }

    @GetMapping("/home")
    String home() {
        // ok: S009
        return "redirect:/";
    }
}
